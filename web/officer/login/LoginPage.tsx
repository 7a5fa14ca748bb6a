/**
 * Officer login (FLOWS §7): the same POST /api/auth/login as everyone. An officer's password
 * leads to one of three steps: change the initial password (here, then sign in again with
 * the new one), enrol a passkey, or confirm with it; only a passkey opens the console.
 * Anyone else's fresh session is ended at once.
 */
import { createSignal, Match, Show, Switch } from 'solid-js';
import { useNavigate, useSearchParams } from '@solidjs/router';
import { FormAlert, TextField } from '../../components/Form.tsx';
import { errorText } from '../../lib/error-text.ts';
import { api, ApiError, type LoginResult } from '../../lib/api.ts';
import { PasswordChangeForm } from '../../portal/login/PasswordChangePage.tsx';
import { cx } from '../../lib/cx.ts';
import { t } from './messages.ts';
import styles from './login.module.css';
import { passkeyStepPath } from './next.ts';

export default function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ next?: string; reason?: string }>();
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  // What went wrong, made into words when shown: an error on screen follows a language switch.
  const [error, setError] = createSignal<(() => string) | null>(params.reason === 'not_officer' ? () => t('notOfficer') : null);
  const [busy, setBusy] = createSignal(false);
  const [step, setStep] = createSignal<'password' | 'change' | 'signing_in'>('password');

  function showError(err: unknown) {
    const wait = err instanceof ApiError ? err.retryAfter : undefined;
    setError(() => () => (wait ? `${errorText(err)} ${t('retryIn', { seconds: wait })}` : errorText(err)));
  }

  /** Where an answer to the password leads. */
  async function follow(result: LoginResult) {
    if (result.next === 'change_password') {
      setStep('change');
      return;
    }
    if (result.next === 'enrol_passkey' || result.next === 'verify_passkey') {
      navigate(passkeyStepPath(result.next, params.next), { replace: true });
      return;
    }
    await api.auth.logout().catch(() => undefined);
    setStep('password');
    setError(() => () => t('notOfficer'));
  }

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (!username().trim() || !password()) {
      setError(() => () => t('required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await follow(await api.auth.login(username().trim(), password()));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
      setPassword('');
    }
  }

  /** The change ended every session: sign in again with the new password, straight on to the passkey. */
  async function changed(newPassword: string) {
    setStep('signing_in');
    try {
      await follow(await api.auth.login(username().trim(), newPassword));
    } catch (err) {
      setStep('password');
      showError(err);
    }
  }

  return (
    <section class={cx('page', styles.page)}>
      <h1>{t('heading')}</h1>
      <Switch>
        <Match when={step() === 'password'}>
          <h2>{t('subheading')}</h2>
          <form onSubmit={submit} novalidate>
            <Show when={error()}>
              {(text) => <FormAlert>{text()()}</FormAlert>}
            </Show>
            <TextField id="username" label={t('username')} value={username()} onInput={setUsername} autocomplete="username" maxLength={32} required />
            <TextField id="password" type="password" label={t('password')} value={password()} onInput={setPassword} autocomplete="current-password" maxLength={256} required />
            <div class="actions">
              <button type="submit" class="button" disabled={busy()}>{busy() ? t('submitting') : t('submit')}</button>
            </div>
          </form>
        </Match>
        <Match when={step() === 'change'}>
          <ol class={styles.steps} aria-label={t('steps.label')}>
            <li aria-current="step">{t('steps.password')}</li>
            <li>{t('steps.enrol')}</li>
          </ol>
          <p>{t('change.intro')}</p>
          <PasswordChangeForm forced onDone={(pw) => void changed(pw)} />
        </Match>
        <Match when={step() === 'signing_in'}>
          <p class="loading" role="status">{t('change.signingIn')}</p>
        </Match>
      </Switch>
    </section>
  );
}
