import { createSignal, lazy, Match, onMount, Show, Switch } from 'solid-js';
import { A, useSearchParams } from '@solidjs/router';
import { api, ApiError, type ActivationOptions } from '../lib/api.ts';
import { lang } from '../lib/i18n.ts';
import { formatDateTime } from '../lib/thai-date.ts';
import { summariseUserAgent } from '../lib/user-agent.ts';
import { createPasskey, hasScreenLockAuthenticator } from '../lib/webauthn.ts';
import { groupTypedCode, parseActivationPayload, type ActivationPayload } from './activation-payload.ts';
import { PushSettings } from './PushSettings.tsx';
import { isStandalone, phoneSystem } from './platform.ts';
import { m } from './messages.ts';
import { errorText } from './error-text.ts';
import { cx } from '../lib/cx.ts';
import app from './app.module.css';
import styles from './ActivatePage.module.css';

// The scanner's own code is small; the heavy library inside it loads only when it starts.
const QrScanner = lazy(async () => ({ default: (await import('./QrScanner.tsx')).QrScanner }));

type Stage =
  | { kind: 'choose' }
  | { kind: 'scan' }
  | { kind: 'type' }
  | { kind: 'ready'; code: string; via: 'link' | 'typed' }
  | { kind: 'done'; validUntil: string };

type Busy = 'options' | 'passkey' | 'verify';

/** Options already fetched for a code: the Activate tap then goes straight to the passkey prompt. */
type Prepared = ActivationOptions & { code: string };

/** What went wrong, kept as its reason or the error itself so that it is worded in the language shown. */
type Problem = { payload: Extract<ActivationPayload, { ok: false }> } | { error: unknown };

function problemText(problem: Problem): string {
  if ('payload' in problem) return m(`payload.${problem.payload.reason}`, { host: problem.payload.host ?? '' });
  return errorText(problem.error, 'create');
}

/** "Android · Chrome 131": which phone holds the token, for the person and the officers. */
function deviceLabel(): string | undefined {
  const { browser, system } = summariseUserAgent(navigator.userAgent);
  const label = [system, browser].filter(Boolean).join(' · ');
  return label || undefined;
}

/**
 * Activation on the phone: the code from the QR link's fragment, the scanner or the
 * keyboard → WebAuthn options → the phone's passkey (its screen lock) → verified → ready,
 * then the offer to turn on notifications.
 */
export default function ActivatePage() {
  const [params] = useSearchParams();
  const [stage, setStage] = createSignal<Stage>({ kind: 'choose' });
  const [typed, setTyped] = createSignal('');
  const [error, setError] = createSignal<Problem>();
  const [busy, setBusy] = createSignal<Busy>();
  const [prepared, setPrepared] = createSignal<Prepared>();
  const [existing, setExisting] = createSignal<string>();
  const [noScreenLock, setNoScreenLock] = createSignal(false);
  const iosTab = phoneSystem() === 'ios' && !isStandalone();

  onMount(() => {
    // The QR link carries the code in its fragment: take it, then drop it from the address
    // bar and history so it is not shown, bookmarked or reused.
    if (location.hash.length > 1) {
      const result = parseActivationPayload(location.href, location.origin);
      history.replaceState(history.state, '', location.pathname + location.search);
      if (result.ok) acceptCode(result);
      else setError({ payload: result });
    } else {
      const via = Array.isArray(params.via) ? params.via[0] : params.via;
      if (via === 'scan' || via === 'type') setStage({ kind: via });
    }
    void hasScreenLockAuthenticator().then((available) => setNoScreenLock(!available));
    void api.device.get().then((d) => setExisting(d?.username), () => undefined);
  });

  /** A good code: show it with its account, fetching the options now for a direct Activate tap. */
  function acceptCode(result: Extract<ActivationPayload, { ok: true }>) {
    setError(undefined);
    setStage({ kind: 'ready', code: result.code, via: result.kind });
    void prepare(result.code).catch((err: unknown) => fail(err, result.kind));
  }

  async function prepare(code: string): Promise<Prepared> {
    const cached = prepared();
    if (cached?.code === code) return cached;
    setBusy('options');
    try {
      const fresh = { code, ...(await api.activation.options(code)) };
      setPrepared(fresh);
      return fresh;
    } finally {
      setBusy(undefined);
    }
  }

  function fail(err: unknown, via: 'link' | 'typed') {
    setError({ error: err });
    if (err instanceof ApiError && ['activation_code_invalid', 'token_active', 'rate_limited'].includes(err.code)) {
      // The code is dead (or this account is done): another one must come from the computer.
      setPrepared(undefined);
      setStage(via === 'typed' ? { kind: 'type' } : { kind: 'choose' });
    }
  }

  async function activate(code: string, via: 'link' | 'typed') {
    if (busy()) return;
    setError(undefined);
    try {
      const { options, challengeId } = await prepare(code);
      setBusy('passkey');
      const response = await createPasskey(options);
      setBusy('verify');
      // The challenge is single use whatever the answer: a retry asks for fresh options.
      setPrepared(undefined);
      const result = await api.activation.verify({ code, challengeId, response, deviceLabel: deviceLabel() });
      setStage({ kind: 'done', validUntil: result.validUntil });
    } catch (err) {
      fail(err, via);
    } finally {
      setBusy(undefined);
    }
  }

  function submitTyped(event: SubmitEvent) {
    event.preventDefault();
    const result = parseActivationPayload(typed(), location.origin);
    if (!result.ok) {
      setError({ payload: result });
      return;
    }
    void activate(result.code, result.kind);
  }

  function scanned(text: string): boolean {
    const result = parseActivationPayload(text, location.origin);
    if (!result.ok) {
      setError({ payload: result });
      return false;
    }
    acceptCode(result);
    return true;
  }

  const done = () => {
    const s = stage();
    return s.kind === 'done' ? s : undefined;
  };
  const ready = () => {
    const s = stage();
    return s.kind === 'ready' ? s : undefined;
  };

  const busyText = () => {
    const b = busy();
    return b && m(`activate.busy.${b}`);
  };

  return (
    <div class={app.page}>
      <h1>{m('activate.heading')}</h1>
      <Switch>
        <Match when={done()}>
          {(finished) => (
            <>
              <section class={cx(app.card, styles.success)} aria-labelledby="success-heading">
                <p class={styles.mark} aria-hidden="true">✓</p>
                <h2 id="success-heading">{m('success.heading')}</h2>
                <p class={styles.validUntil}>{m('success.validUntil', { date: formatDateTime(finished().validUntil, lang()) })}</p>
                <p class="muted">{m('success.desktop')}</p>
              </section>
              <PushSettings server="none" />
              <div class={cx(app.actions, app.stacked)}>
                <A class="button big secondary" href="/app">{m('success.toHome')}</A>
              </div>
            </>
          )}
        </Match>
        <Match when={true}>
          <p class="lead">{m('activate.how')}</p>
          <Show when={iosTab}>
            <p class="notice notice-warning">{m('activate.iosTab')}</p>
          </Show>
          <Show when={existing()}>
            {(username) => <p class="notice notice-info">{m('activate.replaces', { username: username() })}</p>}
          </Show>
          <Show when={noScreenLock()}>
            <p class="notice notice-warning">{m('activate.noScreenLock')}</p>
          </Show>
          <Show when={error()}>
            {(problem) => <p class="notice notice-error" role="alert">{problemText(problem())}</p>}
          </Show>

          <Switch>
            <Match when={stage().kind === 'choose'}>
              <div class={cx(app.actions, app.stacked)}>
                <button type="button" class="button big" onClick={() => { setError(undefined); setStage({ kind: 'scan' }); }}>
                  {m('activate.choose.scan')}
                </button>
                <button type="button" class="button big secondary" onClick={() => { setError(undefined); setStage({ kind: 'type' }); }}>
                  {m('activate.choose.type')}
                </button>
              </div>
            </Match>

            <Match when={stage().kind === 'scan'}>
              <QrScanner
                onText={scanned}
                onStop={() => setStage({ kind: 'choose' })}
                onTypeInstead={() => { setError(undefined); setStage({ kind: 'type' }); }}
              />
            </Match>

            <Match when={stage().kind === 'type'}>
              <form class={app.card} onSubmit={submitTyped} novalidate>
                <div class="field">
                  <label for="activation-code">{m('type.label')}</label>
                  <input
                    id="activation-code"
                    class={styles.codeInput}
                    type="text"
                    inputmode="text"
                    autocomplete="one-time-code"
                    autocapitalize="characters"
                    autocorrect="off"
                    spellcheck={false}
                    maxLength={12}
                    placeholder="XXXX-XXXX"
                    aria-describedby="activation-code-hint"
                    value={typed()}
                    onInput={(e) => {
                      // Upper case as it is typed; keep the caret where the person left it.
                      const el = e.currentTarget;
                      const caret = el.selectionStart;
                      el.value = el.value.toUpperCase();
                      if (caret !== null) el.setSelectionRange(caret, caret);
                      setTyped(el.value);
                    }}
                  />
                  <p class="field-hint" id="activation-code-hint">{m('type.hint')}</p>
                </div>
                <p class="muted">{m('activate.explain')}</p>
                <div class={cx(app.actions, app.stacked)}>
                  <button type="submit" class="button big" disabled={Boolean(busy())}>
                    <Show when={busy()}><span class="spinner" aria-hidden="true" /></Show>
                    {m('activate.button')}
                  </button>
                  <button type="button" class="button secondary" onClick={() => { setError(undefined); setStage({ kind: 'scan' }); }}>
                    {m('activate.choose.scan')}
                  </button>
                </div>
              </form>
            </Match>

            <Match when={ready()}>
              {(code) => (
                <section class={app.card}>
                  <p class={styles.codeReceived}>
                    {code().via === 'link' ? m('activate.fromQr') : m('activate.typed', { code: groupTypedCode(code().code) })}
                  </p>
                  <Show when={prepared()?.code === code().code && prepared()}>
                    {(p) => <p class={styles.forUser}>{m('activate.forUser', { username: p().username })}</p>}
                  </Show>
                  <p class="muted">{m('activate.explain')}</p>
                  <div class={cx(app.actions, app.stacked)}>
                    <button type="button" class="button big" disabled={Boolean(busy())} onClick={() => void activate(code().code, code().via)}>
                      <Show when={busy()}><span class="spinner" aria-hidden="true" /></Show>
                      {m('activate.button')}
                    </button>
                    <button type="button" class="button secondary" disabled={Boolean(busy())}
                      onClick={() => { setError(undefined); setPrepared(undefined); setStage({ kind: 'choose' }); }}>
                      {m('activate.otherCode')}
                    </button>
                  </div>
                </section>
              )}
            </Match>
          </Switch>

          <p class={styles.busyLine} role="status" aria-live="polite">{busyText()}</p>
          <p>
            <A href="/app">{m('activate.cancelHome')}</A>
          </p>
        </Match>
      </Switch>
    </div>
  );
}
