/**
 * An officer's first sign-in, after the password change (FLOWS §7): what a passkey is, the
 * three kinds of device that can hold one, and the ceremony (user verification required).
 * The console opens once the server has verified and stored the passkey.
 */
import { api } from '../../lib/api.ts';
import { createOfficerPasskey } from '../../lib/webauthn.ts';
import { t } from './messages.ts';
import { PasskeyStep } from './PasskeyStep.tsx';
import styles from './login.module.css';

export default function PasskeyEnrolPage() {
  return (
    <PasskeyStep
      kind="officer_enrol"
      heading={t('enrol.heading')}
      submit={t('enrol.submit')}
      waiting={t('enrol.waiting')}
      busy={t('enrol.saving')}
      endsOn={['passkey_failed', 'officer_passkey_exists']}
      ceremony={async (afterDevice) => {
        const { options } = await api.officerPasskey.enrolOptions();
        const response = await createOfficerPasskey(options);
        afterDevice();
        await api.officerPasskey.enrol(response);
      }}
    >
      <ol class={styles.steps} aria-label={t('steps.label')}>
        <li>{t('steps.password')}</li>
        <li aria-current="step">{t('steps.enrol')}</li>
      </ol>
      <p>{t('enrol.what')}</p>
      <p><strong>{t('enrol.every')}</strong></p>
      <p>{t('enrol.options')}</p>
      <ul>
        <li>{t('enrol.option.computer')}</li>
        <li>{t('enrol.option.key')}</li>
        <li>{t('enrol.option.phone')}</li>
      </ul>
      <p class="muted">{t('enrol.keep')}</p>
    </PasskeyStep>
  );
}
