/**
 * Password change (R-6.5 forced after the first login, R-7.1 from the portal menu
 * `แก้ไขข้อมูลรหัสผ่าน`): old, new, confirm, the rules under `**ข้อกำหนดการตั้งรหัสผ่านใหม่**`
 * ticked as the person types, `บันทึก` → `ต้องการบันทึกข้อมูล ใช่หรือไม่?` → every session
 * ends → `กรุณา Login เข้าสู่ระบบใหม่`.
 */
import { createResource, createSignal, Show } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { api, ApiError } from '../../lib/api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { FormAlert } from '../../components/Form.tsx';
import { errorText } from '../../lib/error-text.ts';
import { lang } from '../../lib/i18n.ts';
import { loginPath } from '../../lib/oidc.ts';
import { f } from './flow-messages.ts';
import { manualRulesMet } from './password-rules.ts';
import { PasswordFields, usePasswordFields } from './PasswordFields.tsx';
import { PasswordRules } from './PasswordRules.tsx';
import styles from './login.module.css';

type Field = 'oldPassword' | 'newPassword' | 'confirmPassword';
const LABELS: Record<Field, 'password.old' | 'password.new' | 'password.confirm'> = {
  oldPassword: 'password.old', newPassword: 'password.new', confirmPassword: 'password.confirm',
};

/** `onDone` takes over once the password is saved (the officer console signs in again with it). */
export function PasswordChangeForm(props: { forced: boolean; onCancel?: () => void; onDone?: (newPassword: string) => void }) {
  const navigate = useNavigate();
  const [rules] = createResource(() => api.auth.passwordRules().catch(() => undefined));
  const met = (): boolean[] | undefined => (rules()?.policy === 'manual' ? manualRulesMet(values().newPassword, values().oldPassword) : undefined);
  const unmet = (): string[] => rules()?.rules[lang()].filter((_, i) => met()?.[i] === false) ?? [];
  const fields = usePasswordFields(LABELS, unmet);
  const values = fields.values;
  // Codes, not texts: 'session' (ended) or the error itself; worded while rendering.
  const [error, setError] = createSignal<unknown>();
  const [invalid, setInvalid] = createSignal(false);
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal(false);
  // The manual's first screen on a forced change: a message and ตกลง, then the form.
  const [acknowledged, setAcknowledged] = createSignal(!props.forced);

  function submit(e: SubmitEvent) {
    e.preventDefault();
    setError(undefined);
    const ready = fields.check();
    setInvalid(!ready);
    // Only a password that the rules already accept is worth the question.
    if (ready) setAsking(true);
  }

  async function save() {
    setAsking(false);
    setBusy(true);
    try {
      await api.auth.changePassword(values());
      if (props.onDone) {
        props.onDone(values().newPassword);
        return;
      }
      setDone(true);
    } catch (err) {
      if (fields.showFieldErrors(err)) return;
      setError(err instanceof ApiError && err.status === 401 ? 'session' : err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Show
      when={!done()}
      fallback={
        <div class={styles.alertBox} role="alert">
          <h2>{f('password.done')}</h2>
          <p>{f('password.doneBody')}</p>
          {/* A sign-in for a client (OpenID Connect) survives the change: the new login still ends there. */}
          <button type="button" class="button" onClick={() => navigate(loginPath(), { replace: true })}>{f('ok')}</button>
        </div>
      }
    >
      <Show
        when={acknowledged()}
        fallback={
          <div class={styles.alertBox} role="alert">
            <h2>{f('password.forced')}</h2>
            <button type="button" class="button" onClick={() => setAcknowledged(true)}>{f('ok')}</button>
          </div>
        }
      >
        <div class={styles.card}>
          <h2 id="password-heading">{f('password.heading')}</h2>
          <form onSubmit={submit} novalidate aria-labelledby="password-heading">
            <PasswordFields state={fields} autocomplete={(field) => (field === 'oldPassword' ? 'current-password' : 'new-password')} />
            <Show when={invalid()}>
              <FormAlert>{f('password.fix')}</FormAlert>
            </Show>
            <Show when={error()}>
              {(err) => <FormAlert>{err() === 'session' ? f('password.sessionGone') : errorText(err())}</FormAlert>}
            </Show>
            <div class="actions">
              <button type="submit" class="button" disabled={busy()}>{busy() ? f('password.saving') : f('password.save')}</button>
              <Show when={props.onCancel}>
                <button type="button" class="button secondary" onClick={() => props.onCancel?.()}>{f('password.back')}</button>
              </Show>
            </div>
          </form>
          <Show when={rules()}>{(r) => <PasswordRules rules={r()} met={met()} />}</Show>
        </div>
        <ConfirmDialog
          open={asking()}
          title={f('password.ask')}
          confirmLabel={f('password.save')}
          cancelLabel={f('password.cancel')}
          onConfirm={() => void save()}
          onCancel={() => setAsking(false)}
        />
      </Show>
    </Show>
  );
}

/** The forced change after the first login with a soft token. */
export default function PasswordChangePage() {
  return (
    <section class="page">
      <h1>{f('password.heading')}</h1>
      <PasswordChangeForm forced />
    </section>
  );
}
