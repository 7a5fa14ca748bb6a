/**
 * The pictures of picture matching for the pages: the server's list (plain data)
 * and each Twemoji graphic's URL. The glob names the 32 files one by one, so only those
 * end up in the build, not the package's thousands.
 */
import { PICTURES } from '../../api/domain/pictures.ts';
import type { Lang } from './i18n.ts';

export { PICTURES };
export type Picture = (typeof PICTURES)[number];

const urls = import.meta.glob<string>([
  '../../node_modules/@twemoji/svg/1f418.svg',
  '../../node_modules/@twemoji/svg/1f431.svg',
  '../../node_modules/@twemoji/svg/1f436.svg',
  '../../node_modules/@twemoji/svg/1f42f.svg',
  '../../node_modules/@twemoji/svg/1f430.svg',
  '../../node_modules/@twemoji/svg/1f41f.svg',
  '../../node_modules/@twemoji/svg/1f426.svg',
  '../../node_modules/@twemoji/svg/1f422.svg',
  '../../node_modules/@twemoji/svg/1f98b.svg',
  '../../node_modules/@twemoji/svg/1f41d.svg',
  '../../node_modules/@twemoji/svg/1f34e.svg',
  '../../node_modules/@twemoji/svg/1f34c.svg',
  '../../node_modules/@twemoji/svg/1f349.svg',
  '../../node_modules/@twemoji/svg/1f347.svg',
  '../../node_modules/@twemoji/svg/1f697.svg',
  '../../node_modules/@twemoji/svg/2708.svg',
  '../../node_modules/@twemoji/svg/1f6b2.svg',
  '../../node_modules/@twemoji/svg/1f6a2.svg',
  '../../node_modules/@twemoji/svg/1f680.svg',
  '../../node_modules/@twemoji/svg/1f3e0.svg',
  '../../node_modules/@twemoji/svg/2600.svg',
  '../../node_modules/@twemoji/svg/1f319.svg',
  '../../node_modules/@twemoji/svg/2b50.svg',
  '../../node_modules/@twemoji/svg/2602.svg',
  '../../node_modules/@twemoji/svg/1f511.svg',
  '../../node_modules/@twemoji/svg/1f514.svg',
  '../../node_modules/@twemoji/svg/1f3b8.svg',
  '../../node_modules/@twemoji/svg/26bd.svg',
  '../../node_modules/@twemoji/svg/1f33b.svg',
  '../../node_modules/@twemoji/svg/1f333.svg',
  '../../node_modules/@twemoji/svg/1f388.svg',
  '../../node_modules/@twemoji/svg/1f36d.svg',
], { eager: true, query: '?url', import: 'default' });

/** The picture with this id, or undefined for an id the pages do not know. */
export function findPicture(id: string | null | undefined): Picture | undefined {
  return PICTURES.find((p) => p.id === id);
}

/** The Twemoji SVG's URL for a picture. */
export function pictureUrl(picture: Picture): string | undefined {
  return urls[`../../node_modules/@twemoji/svg/${picture.code}.svg`];
}

/** The picture's name in the page's language (its accessible name too). */
export function pictureName(picture: Picture, lang: Lang): string {
  return lang === 'th' ? picture.th : picture.en;
}
