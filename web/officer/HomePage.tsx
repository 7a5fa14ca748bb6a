import { t } from '../lib/i18n.ts';

export default function HomePage() {
  return (
    <section class="page">
      <h1>{t('officer.heading')}</h1>
      <p class="lead">{t('officer.intro')}</p>
    </section>
  );
}
