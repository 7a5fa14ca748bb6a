/**
 * Officer login: the same POST /api/auth/login as everyone; only an answer of
 * `next: 'officer'` opens the console. Anyone else's fresh session is ended at once.
 */
import { createSignal, Show } from 'solid-js';
import { useNavigate, useSearchParams } from '@solidjs/router';
import { FormAlert, TextField } from '../../components/Form.tsx';
import { api, ApiError } from '../../lib/api.ts';
import { t } from './messages.ts';

/** Only a path inside the console: never an open redirect. */
function safeNext(next: string | undefined): string {
  return next && /^\/officer(\/[^/]|$|\?)/.test(next) && !next.startsWith('/officer/login') ? next : '/officer';
}

export default function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams<{ next?: string; reason?: string }>();
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [error, setError] = createSignal(params.reason === 'not_officer' ? t('notOfficer') : '');
  const [busy, setBusy] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (!username().trim() || !password()) {
      setError(t('required'));
      return;
    }
    setBusy(true);
    setError('');
    try {
      const { next } = await api.auth.login(username().trim(), password());
      if (next !== 'officer') {
        await api.auth.logout().catch(() => undefined);
        setError(t('notOfficer'));
        return;
      }
      navigate(safeNext(params.next), { replace: true });
    } catch (err) {
      if (err instanceof ApiError) setError(err.retryAfter ? `${err.message} ${t('retryIn', { seconds: err.retryAfter })}` : err.message);
      else setError(String(err));
    } finally {
      setBusy(false);
      setPassword('');
    }
  }

  return (
    <section class="page officer-login">
      <h1>{t('heading')}</h1>
      <h2>{t('subheading')}</h2>
      <form onSubmit={submit} novalidate>
        <Show when={error()}>
          <FormAlert>{error()}</FormAlert>
        </Show>
        <TextField id="username" label={t('username')} value={username()} onInput={setUsername} autocomplete="username" maxLength={32} required />
        <TextField id="password" type="password" label={t('password')} value={password()} onInput={setPassword} autocomplete="current-password" maxLength={256} required />
        <div class="actions">
          <button type="submit" class="button" disabled={busy()}>{busy() ? t('submitting') : t('submit')}</button>
        </div>
      </form>
    </section>
  );
}
