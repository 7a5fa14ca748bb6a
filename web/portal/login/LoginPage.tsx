/**
 * The portal's front door: username and password. A person with initial
 * credentials goes on to the registration tracker, an officer to the console. Failures
 * get one generic message; throttling says how long to wait. Opened by our OpenID provider
 * (`?interaction=<uid>`, issue #14) it says which system the login is for and offers to cancel.
 */
import { createEffect, createResource, createSignal, onCleanup, onMount, Show } from 'solid-js';
import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { api, ApiError, type OidcInteraction, type PasskeyLogin } from '../../lib/api.ts';
import { FormAlert, PasswordField, TextField } from '../../components/Form.tsx';
import { SystemStatus } from '../../components/SystemStatus.tsx';
import { errorText } from '../../lib/error-text.ts';
import { t as tGlobal } from '../../lib/i18n.ts';
import { createNow } from '../../lib/now.ts';
import { t } from './messages.ts';
import { pathAfterLogin, rememberRequest } from './follow.ts';
import {
  cancelPasskeyRequest, PasskeyError, passkeyAutofillAvailable, passkeyErrorMessage, signInWithPasskey,
} from '../../lib/webauthn.ts';
import { passkeyStepPath } from '../../officer/login/next.ts';
import { cx } from '../../lib/cx.ts';
import {
  followProvider, forgetInteraction, interactionPaths, isInteractionUid, rememberClientName, rememberInteraction,
} from '../../lib/oidc.ts';
import styles from './login.module.css';

/** The client the login is for; undefined (and the uid forgotten) when the provider no longer knows it. */
async function loadInteraction(uid: string): Promise<OidcInteraction | undefined> {
  try {
    const found = await api.oidc.interaction(uid);
    rememberClientName(found.clientName);
    return found;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) forgetInteraction();
    return undefined;
  }
}

/** Which system the login is for, and Cancel: the provider tells the client access_denied. */
function ClientNotice(props: { interaction: OidcInteraction }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [gone, setGone] = createSignal(false);

  async function cancel(e: SubmitEvent) {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const next = await api.oidc.abort(props.interaction.uid);
      forgetInteraction();
      if (!followProvider(next.redirectTo)) setError(new Error('not a URL'));
    } catch (err) {
      // Already over (expired, finished elsewhere): nothing left to cancel, an ordinary login remains.
      if (err instanceof ApiError && err.status === 404) {
        forgetInteraction();
        setGone(true);
      } else setError(err);
      setBusy(false);
    }
  }

  return (
    <Show when={!gone()}>
      <div class={cx('notice notice-info', styles.client)} data-testid="oidc-client">
        <p>{t('oidc.signingIn', { client: props.interaction.clientName })}</p>
        <form method="post" action={interactionPaths.abort(props.interaction.uid)} onSubmit={cancel}>
          <button type="submit" class="button secondary small" disabled={busy()}>{t('oidc.cancel')}</button>
        </form>
        <Show when={error()}>
          <p class={styles.clientError} role="alert">{errorText(error())}</p>
        </Show>
      </div>
    </Show>
  );
}

/**
 * Sign in with the phone's passkey alone (issue #15): the browser's own window offers the
 * phone (QR code, Bluetooth proximity), and where it can, the username field lists the
 * passkey too (conditional mediation). What follows is the same as after the phone's approval.
 */
function PasskeySignIn(props: { onDone: (result: PasskeyLogin) => void; only?: string; ref?: (el: HTMLButtonElement) => void }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  let stopped = false;
  let waiting = false;
  onCleanup(() => {
    stopped = true;
    // The autofill request must not outlive the login page.
    if (waiting) cancelPasskeyRequest();
  });

  async function run(autofill: boolean): Promise<void> {
    const { challengeId, options } = await api.auth.passkeyOptions();
    const response = await signInWithPasskey(options, { autofill });
    props.onDone(await api.auth.passkeyVerify(challengeId, response));
  }

  // The username field offers the passkey where the browser can (no prompt until the user picks it).
  onMount(() => {
    void passkeyAutofillAvailable().then(async (available) => {
      while (available && !stopped) {
        try {
          waiting = true;
          return await run(true);
        } catch (err) {
          waiting = false;
          // Replaced by the button's own request, or the page left: nothing to say.
          if (err instanceof PasskeyError && (err.reason === 'aborted' || err.reason === 'cancelled')) return;
          // The challenge expired while the page sat open: offer a fresh one.
          if (err instanceof ApiError && err.code === 'passkey_challenge_expired') continue;
          setError(err);
          return;
        }
      }
    });
  });

  async function click() {
    setError(undefined);
    setBusy(true);
    try {
      await run(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class={styles.passkey}>
      <Show when={props.only}>{(client) => <p class="notice notice-info">{t('passkey.only', { client: client() })}</p>}</Show>
      <button ref={props.ref} type="button" class={cx('button', props.only ? undefined : 'secondary', styles.submit)} disabled={busy()} onClick={() => void click()}>
        <Show when={busy()}><span class="spinner" aria-hidden="true" /></Show>
        {busy() ? t('passkey.busy') : t('passkey.button')}
      </button>
      <p class="muted small">{t('passkey.lead')} <A href="/help/passkey">{t('passkey.help')}</A></p>
      <Show when={error()}>
        {(err) => <FormAlert>{passkeyFailureText(err())}</FormAlert>}
      </Show>
    </div>
  );
}

/** A passkey failure in the current language: the browser's by its reason, the server's by its code. */
function passkeyFailureText(err: unknown): string {
  return err instanceof PasskeyError ? passkeyErrorMessage(err.reason, 'get', 'officer') : errorText(err);
}

export default function LoginPage() {
  const navigate = useNavigate();
  const [search] = useSearchParams<{ interaction?: string }>();
  const interactionUid = () => (isInteractionUid(search.interaction) ? search.interaction : undefined);
  // Only a login opened by the provider may end at a client: a plain one forgets any earlier uid.
  createEffect(() => {
    const uid = interactionUid();
    if (uid) rememberInteraction(uid);
    else forgetInteraction();
  });
  const [client] = createResource(interactionUid, loadInteraction);
  const now = createNow();
  const [username, setUsername] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  // The error itself, not its text: a language switch re-renders the message on screen.
  const [error, setError] = createSignal<unknown>();
  const [waitUntil, setWaitUntil] = createSignal<number>();
  const [missing, setMissing] = createSignal<{ username?: boolean; password?: boolean }>({});
  let passwordInput!: HTMLInputElement;
  let passkeyButton: HTMLButtonElement | undefined;
  const passkeyOnly = () => (client.state === 'ready' && client()?.passkeyOnly ? client()!.clientName : undefined);

  function afterPasskey(result: PasskeyLogin) {
    if (result.next === 'renew') {
      // The token has expired: the phone renews it first, as after a password.
      rememberRequest(result.requestId, { picture: null, expiresAt: result.expiresAt, username: username().trim() });
      navigate(`/renew?request=${encodeURIComponent(result.requestId)}`);
    } else navigate(pathAfterLogin(result), { replace: true });
  }

  const waitSeconds = () => {
    const until = waitUntil();
    return until ? Math.max(0, Math.ceil((until - now()) / 1000)) : 0;
  };

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setError(undefined);
    const empty = { username: !username().trim(), password: !password() };
    setMissing(empty);
    if (empty.username || empty.password) {
      document.getElementById(empty.username ? 'username' : 'password')?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await api.auth.login(username().trim(), password());
      setWaitUntil(undefined);
      // An unfinished registration or an officer never signs in to a client: the login ends here.
      if (result.next !== 'approve' && result.next !== 'renew') forgetInteraction();
      if (result.next === 'tracker') navigate('/register');
      // An officer: the initial password is changed first, then the console's passkey step (FLOWS §7).
      else if (result.next === 'change_password') navigate('/password/change');
      else if (result.next === 'enrol_passkey' || result.next === 'verify_passkey') navigate(passkeyStepPath(result.next, '/officer'));
      else if (result.next === 'approve' || result.next === 'renew') {
        // A soft token: the phone approves (or, expired, renews first); the next page follows the request.
        rememberRequest(result.requestId, { picture: result.picture, expiresAt: result.expiresAt, username: username().trim() });
        navigate(result.next === 'renew' ? `/renew?request=${encodeURIComponent(result.requestId)}` : `/login/approve/${encodeURIComponent(result.requestId)}`);
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 'rate_limited' && err.retryAfter) {
        setWaitUntil(Date.now() + err.retryAfter * 1000);
      } else {
        setError(err);
        // The unit allows only passkeys: the message says so; the button is right there.
        if (err instanceof ApiError && err.code === 'phishing_resistant_required') passkeyButton?.focus();
        // A wrong password is the usual mistake: let them retype it at once.
        if (err instanceof ApiError && err.code === 'invalid_credentials') {
          setPassword('');
          passwordInput.focus();
        }
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page">
      <h1>{tGlobal('portal.heading')}</h1>
      <p class="lead">{tGlobal('portal.intro')}</p>

      {/* Read only when ready: reading a pending resource would suspend the whole page. */}
      <Show when={client.state === 'ready' && client()}>
        {(c) => <ClientNotice interaction={c()} />}
      </Show>

      <div class={styles.card}>
        <h2 id="login-heading">{t('heading')}</h2>
        <p class="muted">{t('intro')}</p>
        <Show when={!passkeyOnly()}>
        <form onSubmit={submit} novalidate aria-labelledby="login-heading">
          <TextField
            id="username"
            label={t('username')}
            autocomplete="username webauthn"
            maxLength={64}
            value={username()}
            onInput={(v) => {
              setUsername(v);
              setMissing((m) => ({ ...m, username: false }));
            }}
            hint={t('usernameHint')}
            error={missing().username ? { code: 'username_required', message: t('usernameRequired') } : undefined}
          />
          <PasswordField
            id="password"
            label={t('password')}
            autocomplete="current-password"
            maxLength={256}
            ref={(el) => { passwordInput = el; }}
            value={password()}
            onInput={(v) => {
              setPassword(v);
              setMissing((m) => ({ ...m, password: false }));
            }}
            error={missing().password ? { code: 'password_required', message: t('passwordRequired') } : undefined}
          />

          <Show when={error()}>
            <FormAlert>{errorText(error())}</FormAlert>
          </Show>
          <Show when={waitUntil()}>
            <Show when={waitSeconds() > 0} fallback={<FormAlert kind="info">{t('throttledNow')}</FormAlert>}>
              <FormAlert>{t('throttled', { seconds: waitSeconds() })}</FormAlert>
            </Show>
          </Show>

          <button type="submit" class={cx('button', styles.submit)} disabled={busy() || waitSeconds() > 0}>
            <Show when={busy()}><span class="spinner" aria-hidden="true" /></Show>
            {busy() ? t('submitting') : t('submit')}
          </button>
          <p class="muted small">{t('copyTip')}</p>
        </form>
        <p class={styles.or}>{t('passkey.or')}</p>
        </Show>
        <PasskeySignIn onDone={afterPasskey} only={passkeyOnly()} ref={(el) => { passkeyButton = el; }} />
        <p class={styles.help}>
          {t('serviceRequestLead')} <A href="/service-request">{t('serviceRequest')}</A>
        </p>
      </div>

      <SystemStatus />
    </section>
  );
}
