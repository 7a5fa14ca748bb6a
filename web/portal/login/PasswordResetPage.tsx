/**
 * The reset link emailed to the verified address (FLOWS §6): `/password/reset#<token>`. The
 * token travels in the fragment, never to a server log; it is dropped from the address bar at
 * once and kept only in this page's memory. The page checks the link, then asks for the new
 * password with the same rules as a password change, and ends by sending the person to log in.
 */
import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { api, type PasswordResetLink } from '../../lib/api.ts';
import { FormAlert } from '../../components/Form.tsx';
import { errorText } from '../../lib/error-text.ts';
import { lang } from '../../lib/i18n.ts';
import { formatDateTime } from '../../lib/thai-date.ts';
import { f } from './flow-messages.ts';
import { manualRulesMet } from './password-rules.ts';
import { PasswordFields, usePasswordFields } from './PasswordFields.tsx';
import { PasswordRules } from './PasswordRules.tsx';
import styles from './login.module.css';

type Field = 'newPassword' | 'confirmPassword';
const LABELS: Record<Field, 'password.new' | 'password.confirm'> = { newPassword: 'password.new', confirmPassword: 'password.confirm' };

/** `error` is kept, not its text, so the message follows the language switch; none: the link has no code. */
type Check = { ok: true; link: PasswordResetLink } | { ok: false; error?: unknown };

async function check(token: string): Promise<Check> {
  if (!token) return { ok: false };
  try {
    return { ok: true, link: await api.auth.checkPasswordReset(token) };
  } catch (err) {
    return { ok: false, error: err };
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
            <Show when={r().ok && (r() as Extract<Check, { ok: true }>)} fallback={<Invalid error={(r() as Extract<Check, { ok: false }>).error} />}>
              {(ok) => <ResetForm token={token} link={ok().link} onDone={() => setDone(true)} />}
            </Show>
          )}
        </Match>
      </Switch>
    </section>
  );
}

function Invalid(props: { error?: unknown }) {
  return (
    <>
      <FormAlert>
        <p><strong>{f('reset.invalid')}</strong></p>
        <p data-testid="reset-invalid">{props.error === undefined ? f('reset.noToken') : errorText(props.error)}</p>
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
  // The old password is unknown here: the server refuses it if it comes back.
  const met = (): boolean[] | undefined => (rules()?.policy === 'manual' ? manualRulesMet(values().newPassword, '') : undefined);
  const unmet = (): string[] => rules()?.rules[lang()].filter((_, i) => met()?.[i] === false) ?? [];
  const fields = usePasswordFields(LABELS, unmet);
  const values = fields.values;
  const [error, setError] = createSignal<unknown>();
  const [invalid, setInvalid] = createSignal(false);
  const [busy, setBusy] = createSignal(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setError(undefined);
    const ready = fields.check();
    setInvalid(!ready);
    if (!ready) return;
    setBusy(true);
    try {
      await api.auth.resetPassword({ token: props.token, ...values() });
      props.onDone();
    } catch (err) {
      if (!fields.showFieldErrors(err)) setError(err);
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
        <Show when={invalid()}>
          <FormAlert>{f('password.fix')}</FormAlert>
        </Show>
        <Show when={error()}>
          {(err) => <FormAlert>{errorText(err())}</FormAlert>}
        </Show>
        <div class="actions">
          <button type="submit" class="button" disabled={busy()}>{busy() ? f('reset.saving') : f('reset.save')}</button>
        </div>
      </form>
      <Show when={rules()}>{(r) => <PasswordRules rules={r()} met={met()} />}</Show>
    </div>
  );
}
