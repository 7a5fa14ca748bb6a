/**
 * The reset link emailed to the verified address (FLOWS §6): `/password/reset#<token>`. The
 * token travels in the fragment, never to a server log; it is dropped from the address bar at
 * once and kept only in this page's memory. The page checks the link, then asks for the new
 * password with the same rules as a password change, and ends by sending the person to log in.
 */
import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { api, ApiError, type PasswordResetLink } from '../../lib/api.ts';
import { FormAlert } from '../../components/Form.tsx';
import { lang, t as tGlobal } from '../../lib/i18n.ts';
import { formatDateTime } from '../../lib/thai-date.ts';
import { f } from './flow-messages.ts';
import { manualRulesMet } from './password-rules.ts';
import { PasswordFields, usePasswordFields } from './PasswordFields.tsx';
import { PasswordRules } from './PasswordRules.tsx';
import styles from './login.module.css';

type Field = 'newPassword' | 'confirmPassword';
const LABELS: Record<Field, 'password.new' | 'password.confirm'> = { newPassword: 'password.new', confirmPassword: 'password.confirm' };

type Check = { ok: true; link: PasswordResetLink } | { ok: false; message: string };

async function check(token: string): Promise<Check> {
  if (!token) return { ok: false, message: f('reset.noToken') };
  try {
    return { ok: true, link: await api.auth.checkPasswordReset(token) };
  } catch (err) {
    return { ok: false, message: err instanceof ApiError ? err.message : tGlobal('error.unexpected') };
  }
}

export default function PasswordResetPage() {
  const token = decodeURIComponent(location.hash.replace(/^#/, '')).trim();
  // Out of the address bar (and history) before anything else.
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
  const [link] = createResource(() => check(token));
  const [done, setDone] = createSignal(false);

  return (
    <section class="page" aria-labelledby="reset-heading">
      <h1 id="reset-heading">{f('reset.heading')}</h1>
      <Switch fallback={<p class="loading" role="status">{f('reset.checking')}</p>}>
        <Match when={done()}>
          <Done />
        </Match>
        <Match when={link.state === 'ready' && link()}>
          {(r) => (
            <Show when={r().ok && (r() as Extract<Check, { ok: true }>)} fallback={<Invalid message={(r() as Extract<Check, { ok: false }>).message} />}>
              {(ok) => <ResetForm token={token} link={ok().link} onDone={() => setDone(true)} />}
            </Show>
          )}
        </Match>
      </Switch>
    </section>
  );
}

function Invalid(props: { message: string }) {
  return (
    <>
      <FormAlert>
        <p><strong>{f('reset.invalid')}</strong></p>
        <p data-testid="reset-invalid">{props.message}</p>
      </FormAlert>
      <p class="actions">
        <A class="button secondary" href="/service-request">{f('reset.serviceRequest')}</A>
        <A class="button secondary" href="/">{f('reset.toLogin')}</A>
      </p>
    </>
  );
}

function Done() {
  const navigate = useNavigate();
  return (
    <div class={styles.alertBox} role="alert">
      <h2>{f('reset.done')}</h2>
      <p>{f('reset.doneBody')}</p>
      <button type="button" class="button" onClick={() => navigate('/', { replace: true })}>{f('reset.toLogin')}</button>
    </div>
  );
}

function ResetForm(props: { token: string; link: PasswordResetLink; onDone: () => void }) {
  const [rules] = createResource(() => api.auth.passwordRules().catch(() => undefined));
  const fields = usePasswordFields(LABELS);
  const values = fields.values;
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  // The old password is unknown here: the server refuses it if it comes back.
  const met = () => (rules()?.policy === 'manual' ? manualRulesMet(values().newPassword, '') : undefined);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setError(undefined);
    if (!fields.filled()) return;
    setBusy(true);
    try {
      await api.auth.resetPassword({ token: props.token, ...values() });
      props.onDone();
    } catch (err) {
      if (!fields.showFieldErrors(err)) setError(err instanceof ApiError ? err.message : tGlobal('error.unexpected'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class={styles.card}>
      <p data-testid="reset-for">{f('reset.for', { username: props.link.username, until: formatDateTime(props.link.expiresAt, lang()) })}</p>
      <p class="muted">{f('reset.intro')}</p>
      <form onSubmit={submit} novalidate aria-labelledby="reset-heading" aria-busy={busy()}>
        {/* A hidden username helps password managers save the new password for the right account. */}
        <input type="text" name="username" autocomplete="username" value={props.link.username} readOnly hidden />
        <PasswordFields state={fields} autocomplete={() => 'new-password'} />
        <Show when={error()}>
          <FormAlert>{error()!}</FormAlert>
        </Show>
        <div class="actions">
          <button type="submit" class="button" disabled={busy()}>{busy() ? f('reset.saving') : f('reset.save')}</button>
        </div>
      </form>
      <Show when={rules()}>{(r) => <PasswordRules rules={r()} met={met()} />}</Show>
    </div>
  );
}
