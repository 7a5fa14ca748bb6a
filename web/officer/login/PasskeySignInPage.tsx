/**
 * Every officer sign-in after the first (FLOWS §7): the password was right, now one of the
 * officer's passkeys must sign (user verification required). Without it the console stays shut.
 */
import { api } from '../../lib/api.ts';
import { signWithOfficerPasskey } from '../../lib/webauthn.ts';
import { t } from './messages.ts';
import { PasskeyStep } from './PasskeyStep.tsx';

export default function PasskeySignInPage() {
  return (
    <PasskeyStep
      kind="officer_verify"
      heading={t('verify.heading')}
      submit={t('verify.submit')}
      waiting={t('verify.waiting')}
      busy={t('verify.checking')}
      endsOn={['passkey_failed']}
      ceremony={async (afterDevice) => {
        const { options } = await api.officerPasskey.signInOptions();
        const response = await signWithOfficerPasskey(options);
        afterDevice();
        await api.officerPasskey.signIn(response);
      }}
      footer={<p class="muted small">{t('verify.lost')}</p>}
    >
      <p>{t('verify.body')}</p>
    </PasskeyStep>
  );
}
