/**
 * The check every screen passes (issue #16): axe-core finds no WCAG 2.2 A/AA violation at a
 * desktop (1366×768) and a phone (390×844) size, in Thai and in English; nothing is wider than
 * a 360 px phone; the screen has one <h1> and its own <title> naming it. The language is
 * switched with the page's own switch, so the check also sees messages re-rendered in place.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const VIEWPORTS = {
  desktop: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
} as const;

const NARROW = { width: 360, height: 740 };

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

type Lang = 'th' | 'en';

async function currentLang(page: Page): Promise<Lang> {
  return (await page.evaluate(() => document.documentElement.lang)) === 'en' ? 'en' : 'th';
}

/** Picks the language with the page's switch, as a person would, and waits for the page to follow. */
export async function switchLanguage(page: Page, lang: Lang) {
  if ((await currentLang(page)) === lang) return;
  const button = page.locator(`.lang-switch button[lang="${lang}"]`);
  // An open modal dialog makes the switch inert (a click would wait forever): press it from script.
  if (await page.evaluate(() => Boolean(document.querySelector('dialog:modal')))) await button.dispatchEvent('click');
  else await button.click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** The screen's name as a person hears it: one <h1>, and a title that starts with it. */
async function headingProblems(page: Page, name: string, lang: Lang): Promise<string[]> {
  const { headings, title } = await page.evaluate(() => ({
    headings: [...document.querySelectorAll('h1')].filter((h) => h.checkVisibility()).map((h) => h.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
    title: document.title,
  }));
  if (headings.length !== 1) return [`${name} [${lang}]: ${headings.length} visible <h1> (${headings.join(' | ')})`];
  if (!title.startsWith(headings[0]!)) return [`${name} [${lang}]: title "${title}" does not name the page ("${headings[0]}")`];
  return [];
}

/**
 * Runs every check on the screen `page` shows now, then puts its size and language back.
 * `name` says which screen failed. Returns the screen's titles, Thai and English.
 */
export async function checkScreen(page: Page, name: string): Promise<Record<Lang, string>> {
  const size = page.viewportSize();
  const startLang = await currentLang(page);
  const problems: string[] = [];
  const titles = { th: '', en: '' };
  for (const lang of ['th', 'en'] as const) {
    await switchLanguage(page, lang);
    for (const [label, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
      for (const v of result.violations) {
        const where = v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim() ?? ''})`);
        problems.push(`${name} [${lang} ${label}]: ${v.id}: ${v.help} — ${where.join(' · ')}`);
      }
    }
    await page.setViewportSize(NARROW);
    const width = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
    if (width.page > width.view) problems.push(`${name} [${lang} 360 px]: the page is ${width.page} px wide`);
    problems.push(...(await headingProblems(page, name, lang)));
    titles[lang] = await page.title();
  }
  await switchLanguage(page, startLang);
  if (size) await page.setViewportSize(size);
  expect(problems, problems.join('\n')).toEqual([]);
  return titles;
}
