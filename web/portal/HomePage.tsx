import { SystemStatus } from '../components/SystemStatus.tsx';
import { t } from '../lib/i18n.ts';

export default function HomePage() {
  return (
    <section class="page">
      <h1>{t('portal.heading')}</h1>
      <p class="lead">{t('portal.intro')}</p>
      <SystemStatus />
    </section>
  );
}
