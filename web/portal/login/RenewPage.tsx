/**
 * Renewal (R-8.2, manual ch. 6): `เริ่มการต่ออายุ Soft Token`, `ต่ออายุ Soft Token` sends a
 * renewal request to the phone (Update Profile → Accept); the page follows it live, and
 * `ตรวจสอบสถานะ` asks at once. When the certificate has expired, the login already made
 * the request (`?request=<id>`, no portal session to make another): the same button, as
 * step 1 says, starts the renewal by following that request (the phone shows it as
 * Update Profile), so it is never disabled next to the instruction to click it.
 */
import { createEffect, createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { useNavigate, useSearchParams } from '@solidjs/router';
import { api, type LoginCompletion } from '../../lib/api.ts';
import { FormAlert } from '../../components/Form.tsx';
import { errorText } from '../../lib/error-text.ts';
import { lang } from '../../lib/i18n.ts';
import { loginPath } from '../../lib/oidc.ts';
import { createNow } from '../../lib/now.ts';
import { formatCountdown, formatDateTime } from '../../lib/thai-date.ts';
import { f } from './flow-messages.ts';
import { followRequest, pathAfterLogin, recalledRequest, rememberRequest } from './follow.ts';
import styles from './login.module.css';

export default function RenewPage() {
  const navigate = useNavigate();
  const [search] = useSearchParams<{ request?: string }>();
  const forcedId = typeof search.request === 'string' ? search.request : undefined;
  const [requestId, setRequestId] = createSignal<string | undefined>(forcedId);
  /** Step 1 clicked: the request (made here, or by the login when expired) is followed. */
  const [started, setStarted] = createSignal(false);
  const [me] = createResource(() => api.auth.me().catch(() => undefined));
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal<LoginCompletion>();
  const username = () => me()?.username ?? (forcedId ? recalledRequest(forcedId)?.username : undefined);

  async function start() {
    setError(undefined);
    if (forcedId) {
      setStarted(true);
      return;
    }
    setBusy(true);
    try {
      const created = await api.auth.renew();
      rememberRequest(created.requestId, { picture: null, expiresAt: created.expiresAt, username: username() });
      setRequestId(created.requestId);
      setStarted(true);
    } catch (err) {
      setError(() => err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="page">
      <div class={styles.card}>
        <Show when={username()}>
          <p class="muted">{f('renew.userid', { username: username()! })}</p>
        </Show>
        <Switch>
          <Match when={done()}>
            {(d) => (
              <>
                <h1>{f('renew.doneHeading')}</h1>
                <p class={styles.renewDone}>
                  <span>1 {f('renew.doneStep')}</span>
                  <span class={styles.state}>{f('renew.doneState')}</span>
                </p>
                <Show when={d().validUntil}>
                  <p data-testid="valid-until">{f('renew.validUntil', { date: formatDateTime(d().validUntil!, lang()) })}</p>
                </Show>
                <button type="button" class="button" onClick={() => navigate(pathAfterLogin(d()), { replace: true })}>{f('renew.portal')}</button>
              </>
            )}
          </Match>
          <Match when={true}>
            <h1>{f('renew.heading')}</h1>
            <Show when={forcedId}>
              <FormAlert kind="warning">{f('renew.expired')}</FormAlert>
            </Show>
            <p>{f('renew.intro')}</p>
            <ol class={styles.renewSteps}>
              <li>
                {f('renew.step1')}
                <div>
                  <button type="button" class="button" disabled={busy() || started()} onClick={() => void start()}>{f('renew.start')}</button>
                </div>
              </li>
              <li>{f('renew.step2')}</li>
              <li>{f('renew.step3')}</li>
              <li>{f('renew.step4')}</li>
            </ol>
            <Show when={error()}>
              {(err) => <FormAlert>{errorText(err())}</FormAlert>}
            </Show>
            <Show when={started() && requestId()}>
              {(id) => <RenewWaiting id={id()} forced={Boolean(forcedId)} onDone={setDone} onRetry={() => { setRequestId(undefined); setStarted(false); }} />}
            </Show>
          </Match>
        </Switch>
      </div>
    </section>
  );
}

function RenewWaiting(props: { id: string; forced: boolean; onDone: (d: LoginCompletion) => void; onRetry: () => void }) {
  const navigate = useNavigate();
  const now = createNow();
  const { view, missing, refresh } = followRequest(() => props.id);
  const [notYet, setNotYet] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  let completing = false;
  const secondsLeft = () => Math.max(0, Math.ceil((new Date(view()?.expiresAt ?? Date.now()).getTime() - now()) / 1000));

  createEffect(() => {
    if (view()?.status === 'pending' && secondsLeft() === 0) void refresh();
  });
  createEffect(() => {
    if (view()?.status !== 'approved' || completing) return;
    completing = true;
    api.loginRequests.complete(props.id)
      .then(props.onDone)
      .catch((err: unknown) => setError(() => err));
  });

  async function check() {
    setNotYet(false);
    const current = await refresh();
    if (current?.status === 'pending') setNotYet(true);
  }

  const failure = () => {
    const v = view();
    if (missing()) return f('notFound');
    if (v?.status === 'denied') return f(`denied.${v.denyReason ?? 'denied'}`);
    if (v && (v.status === 'expired' || v.status === 'cancelled' || v.status === 'completed')) return f(v.status);
    return undefined;
  };

  return (
    <Show
      when={!failure()}
      fallback={
        <>
          <FormAlert>{`${f('renew.failed')}: ${failure()}`}</FormAlert>
          <button type="button" class="button" onClick={() => (props.forced ? navigate(loginPath(), { replace: true }) : props.onRetry())}>
            {props.forced ? f('tryAgain') : f('renew.start')}
          </button>
        </>
      }
    >
      <FormAlert kind="info">{f('renew.started')}</FormAlert>
      <p class={styles.countdown}>{f('approve.remaining', { time: formatCountdown(secondsLeft()) })}</p>
      <p class={styles.approveStatus} role="status">{view()?.status === 'approved' ? f('approve.completing') : f('approve.waiting')}</p>
      <Show when={error()}>
        {(err) => <FormAlert>{errorText(err())}</FormAlert>}
      </Show>
      <p>{f('renew.checkHint')}</p>
      <div class="actions">
        <button type="button" class="button secondary" onClick={() => void check()}>{f('renew.check')}</button>
        <button type="button" class="button secondary" onClick={() => void check()}>{f('renew.finish')}</button>
      </div>
      <Show when={notYet()}>
        <p class="muted" role="status">{f('renew.notYet')}</p>
      </Show>
    </Show>
  );
}
