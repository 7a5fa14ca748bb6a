/** Step 3, result: the details are in; the registration now waits for an officer. */
import { A } from '@solidjs/router';
import { t } from './messages.ts';
import { StepGuard, SubWizard } from './RegistrationLayout.tsx';
import { useRegistration } from './state.ts';
import { cx } from '../../lib/cx.ts';
import shared from './registration.module.css';
import styles from './ResultPage.module.css';

export default function ResultPage() {
  const store = useRegistration();
  const status = () => store.data()!.status;
  const submitted = () => ['pending', 'approved', 'activated'].includes(status());
  return (
    <StepGuard when={submitted()}>
      <section class={cx('page', shared.done)} aria-labelledby="result-heading">
        <SubWizard current={4} />
        <h1>{t('formHeading')}</h1>
        <div class={styles.box}>
          <div class={shared.doneMark} aria-hidden="true">✓</div>
          <p class={styles.received} id="result-heading">{t('result.received')}</p>
          <p class={styles.status}>
            {t('result.status')} <strong>{status() === 'pending' ? t('result.pending') : t('result.approved')}</strong>
          </p>
          <p class="muted">{t('result.note')}</p>
        </div>
        <div class="actions center">
          <A class="button" href="/register">{t('result.finish')}</A>
        </div>
      </section>
    </StepGuard>
  );
}
