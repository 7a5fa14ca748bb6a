/**
 * Every officer sign-in after the first (FLOWS §7): the password was right, now one of the
 * officer's passkeys must sign (user verification required). Without it the console stays shut.
 */
import { createSignal, Match, Show, Switch } from 'solid-js';
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { FormAlert } from '../../components/Form.tsx';
import { api, ApiError } from '../../lib/api.ts';
import { t as tGlobal } from '../../lib/i18n.ts';
import { PasskeyError, signWithOfficerPasskey } from '../../lib/webauthn.ts';
import { useHalfOpenSession } from './half-open.ts';
import { t } from './messages.ts';
import '../officer.css';
import './login.css';
import { safeNext } from './next.ts';

export default function PasskeySignInPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ next?: string }>();
  const next = () => safeNext(params.next);
  const session = useHalfOpenSession('officer_verify', next);
  const [phase, setPhase] = createSignal<'idle' | 'device' | 'checking'>('idle');
  const [error, setError] = createSignal('');
  // A refused assertion ends the half-open session on the server: only a new sign-in helps.
  const [ended, setEnded] = createSignal(false);

  async function confirm() {
    setError('');
    setPhase('device');
    try {
      const { options } = await api.officerPasskey.signInOptions();
      const response = await signWithOfficerPasskey(options);
      setPhase('checking');
      await api.officerPasskey.signIn(response);
      navigate(next(), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.code === 'passkey_failed')) setEnded(true);
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
      <h1>{t('verify.heading')}</h1>
      <Switch fallback={<p class="loading" role="status">{t('passkey.checking')}</p>}>
        <Match when={session.me.state === 'errored'}>
          <FormAlert>{session.me.error instanceof ApiError ? session.me.error.message : tGlobal('error.unexpected')}</FormAlert>
        </Match>
        <Match when={session.ready()}>
          <p>{t('verify.body')}</p>
          <Show when={error()}>
            <FormAlert>{error()}</FormAlert>
          </Show>
          <Show when={phase() !== 'idle'}>
            <p class="loading" role="status">{phase() === 'device' ? t('verify.waiting') : t('verify.checking')}</p>
          </Show>
          <div class="actions">
            <Show
              when={!ended()}
              fallback={<A class="button" href={`/officer/login?next=${encodeURIComponent(next())}`}>{t('passkey.again')}</A>}
            >
              <button type="button" class="button" disabled={phase() !== 'idle'} onClick={() => void confirm()}>{t('verify.submit')}</button>
            </Show>
            <button type="button" class="button secondary" disabled={phase() !== 'idle'} onClick={() => void cancel()}>{t('passkey.cancel')}</button>
          </div>
          <p class="muted small">{t('verify.lost')}</p>
        </Match>
      </Switch>
    </section>
  );
}
