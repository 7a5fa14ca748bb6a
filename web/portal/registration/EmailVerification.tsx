/**
 * The email of ส่วนที่ 1 and its verification, as in the manual: ยืนยันอีเมล →
 * ส่งรหัสยืนยัน (then a visible resend countdown) → รหัสที่ได้รับจากทางอีเมล → ตรวจสอบรหัส →
 * อีเมลนี้ได้รับการยืนยันแล้ว, with คลิกที่นี่ to change it (which needs a new verification).
 */
import { createSignal, Match, Show, Switch } from 'solid-js';
import { api, ApiError } from '../../lib/api.ts';
import { localFieldError, type FieldError } from '../../components/field-messages.ts';
import { TextField } from '../../components/Form.tsx';
import { createNow } from '../../lib/now.ts';
import { formatTime } from '../../lib/thai-date.ts';
import { t } from './messages.ts';
import { cx } from '../../lib/cx.ts';
import styles from './EmailVerification.module.css';

type Mode = 'entry' | 'confirm' | 'code';

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function EmailVerification(props: {
  email: string;
  onEmail: (email: string) => void;
  /** What the server holds: the email and whether it is verified. */
  serverEmail: string | null;
  serverVerified: boolean;
  /** Tell the page the server's state changed (it refetches the registration). */
  onChanged: () => Promise<void>;
  /** Set by the page when it refuses to go on without a verified email. */
  error?: FieldError;
  editing: boolean;
  onEditing: (editing: boolean) => void;
}) {
  const now = createNow();
  const [mode, setMode] = createSignal<Mode>('entry');
  const [code, setCode] = createSignal('');
  const [resendAt, setResendAt] = createSignal<number>();
  const [expiresAt, setExpiresAt] = createSignal<number>();
  const [emailError, setEmailError] = createSignal<FieldError>();
  const [codeError, setCodeError] = createSignal<FieldError>();
  const [busy, setBusy] = createSignal(false);

  const verified = () =>
    props.serverVerified && !props.editing && props.serverEmail !== null && props.serverEmail === normaliseEmail(props.email);
  const waitSeconds = () => {
    const at = resendAt();
    return at ? Math.max(0, Math.ceil((at - now()) / 1000)) : 0;
  };

  function startVerify() {
    setEmailError(undefined);
    if (!EMAIL_SHAPE.test(props.email.trim())) {
      setEmailError(localFieldError(props.email.trim() ? 'email_format' : 'required'));
      return;
    }
    setMode('confirm');
  }

  function backToEntry() {
    setMode('entry');
    setCode('');
    setCodeError(undefined);
  }

  async function send() {
    setBusy(true);
    setEmailError(undefined);
    try {
      const sent = await api.registration.sendEmailCode(normaliseEmail(props.email));
      // Count down on this computer's clock: whole seconds, so a clock a little off does not show 61s.
      setResendAt(Date.now() + Math.max(0, Math.round((Date.parse(sent.resendAt) - Date.now()) / 1000)) * 1000);
      setExpiresAt(Date.parse(sent.expiresAt));
      setMode('code');
      // The server now holds this email, unverified.
      void props.onChanged();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.code === 'otp_resend_wait') {
        setResendAt(Date.now() + (err.retryAfter ?? 60) * 1000);
        setMode('code');
      } else {
        setEmailError(err.fields.email ?? { code: err.code, message: err.message });
        setMode('entry');
      }
    } finally {
      setBusy(false);
    }
  }

  async function check(e: Event) {
    e.preventDefault();
    setCodeError(undefined);
    if (!/^\d{6}$/.test(code().trim())) {
      setCodeError(localFieldError('otp_format'));
      return;
    }
    setBusy(true);
    try {
      await api.registration.verifyEmailCode(code().trim());
      await props.onChanged();
      props.onEditing(false);
      setMode('entry');
      setCode('');
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setCodeError(err.fields.code ?? { code: err.code, message: err.message });
    } finally {
      setBusy(false);
    }
  }

  const shownEmailError = () => emailError() ?? props.error;

  return (
    <div
      class="span-all"
      onKeyDown={(e) => {
        // Enter in the email field starts its verification rather than submitting the whole form.
        if (e.key === 'Enter' && (e.target as HTMLElement).id === 'email') {
          e.preventDefault();
          if (mode() === 'entry' && !verified()) startVerify();
        }
      }}
    >
      <TextField
        id="email"
        label={t('email')}
        type="email"
        inputMode="email"
        autocomplete="email"
        required
        readOnly={verified() || mode() !== 'entry'}
        value={props.email}
        onInput={(v) => {
          props.onEmail(v);
          setEmailError(undefined);
        }}
        hint={t('emailBound')}
        error={shownEmailError()}
      />
      <Switch>
        <Match when={verified()}>
          <p class={cx('notice', 'notice-success', styles.verified)}>
            {t('email.verified')}{' '}
            <button
              type="button"
              class="link-button"
              onClick={() => {
                props.onEditing(true);
                setMode('entry');
              }}
            >
              {t('email.clickHere')}
            </button>{' '}
            {t('email.verifiedTail')}
          </p>
        </Match>
        <Match when={mode() === 'entry'}>
          <div class="actions">
            <button type="button" class="button" onClick={startVerify}>{t('email.verify')}</button>
            <Show when={props.editing && props.serverVerified && props.serverEmail}>
              {(email) => (
                <button
                  type="button"
                  class="button secondary"
                  onClick={() => {
                    props.onEmail(email());
                    props.onEditing(false);
                  }}
                >
                  {t('email.keep')}
                </button>
              )}
            </Show>
          </div>
        </Match>
        <Match when={true}>
          <div class={styles.panel} role="group" aria-labelledby="email-panel-heading">
            <h2 id="email-panel-heading">{t('email.verify')}</h2>
            <p>{t('email.explain')}</p>
            <p class={styles.target}>{normaliseEmail(props.email)}</p>
            <div class="actions">
              <button type="button" class="button secondary" onClick={backToEntry} disabled={busy()}>{t('email.back')}</button>
              <button type="button" class="button" onClick={() => void send()} disabled={busy() || waitSeconds() > 0}>
                {waitSeconds() > 0 ? t('email.sendWait', { seconds: waitSeconds() }) : t('email.send')}
              </button>
            </div>
            <Show when={mode() === 'code'}>
              <p class="notice notice-info">
                {t('email.sent')}
                <Show when={expiresAt()}>{(at) => <> {t('email.validUntil', { time: formatTime(new Date(at())).slice(0, 5) })}</>}</Show>
              </p>
              {/* Enter in the code field checks the code instead of submitting the whole form. */}
              <div
                class={styles.codeRow}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') void check(e);
                }}
              >
                <TextField
                  id="email-code"
                  class={styles.codeField}
                  label={t('email.code')}
                  inputMode="numeric"
                  autocomplete="one-time-code"
                  maxLength={6}
                  value={code()}
                  onInput={(v) => {
                    setCode(v);
                    setCodeError(undefined);
                  }}
                  error={codeError()}
                />
                <button type="button" class="button" onClick={(e) => void check(e)} disabled={busy()}>{t('email.check')}</button>
              </div>
            </Show>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
