/** The frame every page sits in: skip link, header with the face's name, main, footer. */
import { createSignal, Suspense, type JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { t, type MessageKey } from '../lib/i18n.ts';
import { HELP_PHONE, HELP_PHONE_TEL } from '../lib/help-line.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { followPageHeading } from './page-heading.ts';

export type Face = 'portal' | 'officer' | 'phone';

const FACES: Record<Face, { home: string; name: MessageKey; title: MessageKey }> = {
  portal: { home: '/', name: 'face.portal', title: 'app.title' },
  officer: { home: '/officer', name: 'face.officer', title: 'title.officer' },
  phone: { home: '/app', name: 'face.phone', title: 'title.phone' },
};

export function FaceLayout(props: { face: Face; children?: JSX.Element }) {
  const face = () => FACES[props.face];
  const [main, setMain] = createSignal<HTMLElement>();
  followPageHeading(main, () => t(face().title));
  return (
    <div class={`face face-${props.face}`}>
      <a class="skip-link" href="#main">{t('nav.skip')}</a>
      <header class="site-header">
        <div class="container header-row">
          <A class="brand" href={face().home} end>
            <img src="/icons/icon.svg" alt="" width="40" height="40" />
            <span>
              <span class="brand-name">Soft Token</span>
              <span class="brand-face">{t(face().name)}</span>
            </span>
          </A>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" class="container" tabindex="-1" ref={setMain}>
        <Suspense fallback={<p class="loading">{t('app.loading')}</p>}>{props.children}</Suspense>
      </main>
      <footer class="site-footer">
        <div class="container footer-row">
          <span>{t('app.org')}</span>
          <span data-testid="help-line">
            {t('footer.help')} <a href={HELP_PHONE_TEL}>{HELP_PHONE}</a>
          </span>
          <A href="/privacy">{t('nav.privacy')}</A>
        </div>
      </footer>
    </div>
  );
}
