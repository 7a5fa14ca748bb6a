import { t } from '../lib/i18n.ts';

export default function HomePage() {
  return (
    <section class="page">
      <h1>{t('phone.heading')}</h1>
      <p class="lead">{t('phone.intro')}</p>
    </section>
  );
}
