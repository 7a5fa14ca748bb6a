import { A, useLocation } from '@solidjs/router';
import { t } from '../lib/i18n.ts';

/** 404 inside whichever face the address belongs to; the link goes back to that face's home. */
export function NotFound() {
  const location = useLocation();
  const home = () => ['/officer', '/app'].find((face) => location.pathname.startsWith(`${face}/`)) ?? '/';
  return (
    <section class="page">
      <h1>{t('notFound.heading')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <A class="button" href={home()}>{t('notFound.home')}</A>
      </p>
    </section>
  );
}
