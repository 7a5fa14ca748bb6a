/**
 * An officer's first sign-in, after the password change (FLOWS §7): what a passkey is, the
 * three kinds of device that can hold one, and the ceremony (user verification required).
 * The console opens once the server has verified and stored the passkey.
 */
import { createSignal, Match, Show, Switch } from 'solid-js';
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { FormAlert } from '../../components/Form.tsx';
import { api, ApiError } from '../../lib/api.ts';
import { t as tGlobal } from '../../lib/i18n.ts';
import { createOfficerPasskey, PasskeyError } from '../../lib/webauthn.ts';
import { useHalfOpenSession } from './half-open.ts';
import { t } from './messages.ts';
import '../officer.css';
import './login.css';
import { safeNext } from './next.ts';

export default function PasskeyEnrolPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ next?: string }>();
  const next = () => safeNext(params.next);
  const session = useHalfOpenSession('officer_enrol', next);
  const [phase, setPhase] = createSignal<'idle' | 'device' | 'saving'>('idle');
  const [error, setError] = createSignal('');
  // The server ended the half-open session (a refused passkey): only a new sign-in helps.
  const [ended, setEnded] = createSignal(false);

  async function enrol() {
    setError('');
    setPhase('device');
    try {
      const { options } = await api.officerPasskey.enrolOptions();
      const response = await createOfficerPasskey(options);
      setPhase('saving');
      await api.officerPasskey.enrol(response);
      navigate(next(), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.code === 'passkey_failed' || err.code === 'officer_passkey_exists')) setEnded(true);
      setError(err instanceof PasskeyError || err instanceof ApiError ? err.message : tGlobal('error.unexpected'));
    } finally {
      setPhase('idle');
    }
  }

  async function cancel() {
    await api.auth.logout().catch(() => undefined);
    navigate('/officer/login', { replace: true });
  }

  return (
    <section class="page officer-login">
      <h1>{t('enrol.heading')}</h1>
      <Switch fallback={<p class="loading" role="status">{t('passkey.checking')}</p>}>
        <Match when={session.me.state === 'errored'}>
          <FormAlert>{session.me.error instanceof ApiError ? session.me.error.message : tGlobal('error.unexpected')}</FormAlert>
        </Match>
        <Match when={session.ready()}>
          <ol class="officer-steps" aria-label={t('steps.label')}>
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
          <Show when={error()}>
            <FormAlert>{error()}</FormAlert>
          </Show>
          <Show when={phase() !== 'idle'}>
            <p class="loading" role="status">{phase() === 'device' ? t('enrol.waiting') : t('enrol.saving')}</p>
          </Show>
          <div class="actions">
            <Show
              when={!ended()}
              fallback={<A class="button" href={`/officer/login?next=${encodeURIComponent(next())}`}>{t('passkey.again')}</A>}
            >
              <button type="button" class="button" disabled={phase() !== 'idle'} onClick={() => void enrol()}>{t('enrol.submit')}</button>
            </Show>
            <button type="button" class="button secondary" disabled={phase() !== 'idle'} onClick={() => void cancel()}>{t('passkey.cancel')}</button>
          </div>
        </Match>
      </Switch>
    </section>
  );
}
