/**
 * The phone's approval screen, where a notification's tap lands: the
 * request's context (time, browser/OS, IP), a countdown, and the 3×3 grid in the server's
 * order. Tapping a picture asks for the passkey over that very picture; a renewal shows
 * `Update Profile` with `Accept`; a self-revocation started on the computer shows its own
 * heading and reason above the same grid, and so does a request to download the holder's data. `Deny` and "ไม่ใช่ฉัน" answer without the passkey.
 */
import { createResource, createSignal, For, Match, Show, Switch } from 'solid-js';
import { A, useParams } from '@solidjs/router';
import { api, ApiError, type DeviceRequest } from '../../lib/api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { lang, t as tGlobal } from '../../lib/i18n.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { createNow } from '../../lib/now.ts';
import { findPicture, pictureName, pictureUrl } from '../../lib/pictures.ts';
import { formatCountdown, formatDateTime } from '../../lib/thai-date.ts';
import { summariseUserAgent } from '../../lib/user-agent.ts';
import { signChoice } from './answer.ts';
import { wasActivated } from './device-flag.ts';
import { r } from './messages.ts';
import { cx } from '../../lib/cx.ts';
import app from '../app.module.css';
import styles from './RequestPage.module.css';

type Outcome = 'approved' | 'renewed' | 'revoked' | 'exported' | 'wrong_picture' | 'denied' | 'not_me' | 'gone';
type Lookup = { request?: DeviceRequest; unknownDevice?: boolean };

async function lookup(id: string): Promise<Lookup> {
  try {
    return { request: (await api.device.requests()).find((q) => q.id === id) };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'device_unknown') return { unknownDevice: true };
    throw err;
  }
}

export default function RequestPage() {
  const params = useParams<{ id: string }>();
  const [found] = createResource(() => params.id, lookup);
  const loadError = (): unknown => found.error;
  const now = createNow();
  const [busy, setBusy] = createSignal<'passkey' | 'send'>();
  // The error itself, worded when shown (a language switch re-renders it).
  const [error, setError] = createSignal<unknown>();
  const [outcome, setOutcome] = createSignal<Outcome>();
  const [askNotMe, setAskNotMe] = createSignal(false);

  const secondsLeft = (q: DeviceRequest) => Math.max(0, Math.ceil((new Date(q.expiresAt).getTime() - now()) / 1000));

  function closedOrError(err: unknown) {
    if (err instanceof ApiError && (err.code === 'request_closed' || err.code === 'request_not_found')) setOutcome('gone');
    else setError(() => err);
  }

  async function answer(q: DeviceRequest, choice: string) {
    setError(undefined);
    setBusy('passkey');
    try {
      const response = await signChoice(q.nonce, choice, q.rpId);
      setBusy('send');
      const result = await api.device.approve(q.id, { choice, response });
      const approved = { login: 'approved', renew: 'renewed', revoke: 'revoked', export: 'exported' } as const;
      setOutcome(result.status === 'denied' ? 'wrong_picture' : approved[result.purpose]);
    } catch (err) {
      closedOrError(err);
    } finally {
      setBusy(undefined);
    }
  }

  async function deny(q: DeviceRequest, notMe: boolean) {
    setAskNotMe(false);
    setError(undefined);
    setBusy('send');
    try {
      await api.device.deny(q.id, notMe);
      setOutcome(notMe ? 'not_me' : 'denied');
    } catch (err) {
      closedOrError(err);
    } finally {
      setBusy(undefined);
    }
  }

  const context = (q: DeviceRequest) => {
    const ua = summariseUserAgent(q.userAgent);
    return [ua.browser, ua.system].filter(Boolean).join(' · ') || r('context.unknown');
  };

  return (
    <div class={app.page}>
      <Switch>
        <Match when={loadError() !== undefined}>
          <section class={app.card}>
            <h1>{r('loadFailed')}</h1>
            <ErrorNotice error={loadError()} />
            <A class="button big secondary" href="/app">{r('home')}</A>
          </section>
        </Match>
        <Match when={outcome()}>
          {(o) => (
            <section class={cx(app.card, 'outcome', `outcome-${o()}`)} role="status">
              <Switch>
                <Match when={o() === 'approved'}><h1>{r('approved')}</h1><p>{r('approved.body')}</p></Match>
                <Match when={o() === 'renewed'}><h1 class={styles.successBar}>{r('renewed')}</h1><p>{r('renewed.body')}</p></Match>
                <Match when={o() === 'revoked'}><h1>{r('revoke.done')}</h1><p>{r('revoke.doneBody')}</p></Match>
                <Match when={o() === 'exported'}><h1>{r('export.done')}</h1><p>{r('export.doneBody')}</p></Match>
                <Match when={o() === 'wrong_picture'}><h1>{r('wrongPicture')}</h1><p>{r('wrongPicture.body')}</p></Match>
                <Match when={o() === 'denied'}><h1>{r('denied')}</h1></Match>
                <Match when={o() === 'not_me'}><h1>{r('denied.notMe')}</h1></Match>
                <Match when={o() === 'gone'}><h1>{r('gone')}</h1></Match>
              </Switch>
              <A class="button big secondary" href="/app">{r('home')}</A>
            </section>
          )}
        </Match>
        <Match when={found()?.unknownDevice}>
          <section class={app.card} role="alert">
            <h1>{wasActivated() ? r('revoked') : r('notActivated')}</h1>
            <Show when={wasActivated()}><p>{r('revoked.body')}</p></Show>
            <A class="button big secondary" href="/app">{r('home')}</A>
          </section>
        </Match>
        <Match when={found.state === 'ready' && !found()?.request}>
          <section class={app.card}>
            <h1>{r('gone')}</h1>
            <A class="button big secondary" href="/app">{r('home')}</A>
          </section>
        </Match>
        <Match when={found()?.request}>
          {(q) => (
            <section aria-labelledby="request-heading">
              <h1 id="request-heading">{r(`${q().purpose}.heading`)}</h1>
              <Show when={q().purpose === 'revoke'}>
                <p class="notice notice-warning">{r('revoke.body')}</p>
                <Show when={q().revokeReason}>
                  <p>{r('revoke.reason', { reason: q().revokeReason! })}</p>
                </Show>
              </Show>
              <Show when={q().purpose === 'export'}>
                <p class="notice notice-warning">{r('export.body')}</p>
              </Show>
              {/* `request-context` and `picture-grid` stay as hooks for browser tests. */}
              <dl class={cx('request-context', styles.context)}>
                <dt>{r('context.time')}</dt><dd>{formatDateTime(q().createdAt, lang())}</dd>
                <dt>{r('context.browser')}</dt><dd>{context(q())}</dd>
                <dt>{r('context.ip')}</dt><dd>{q().ip ?? r('context.unknown')}</dd>
              </dl>
              <p class={styles.countdown}>{r('remaining', { time: formatCountdown(secondsLeft(q())) })}</p>
              <Show when={q().purpose !== 'renew'} fallback={
                <div class={app.card}>
                  <p>{r('renew.body')}</p>
                  <button type="button" class="button big" disabled={Boolean(busy())} onClick={() => void answer(q(), 'renew')}>{r('accept')}</button>
                </div>
              }>
                <p class="lead">{r('instruction')}</p>
                <ul class={cx('picture-grid', styles.grid)} aria-label={r('gridLabel')}>
                  <For each={q().grid}>
                    {(id) => {
                      const picture = findPicture(id);
                      return (
                        <li>
                          <button type="button" class={styles.choice} disabled={Boolean(busy())} onClick={() => void answer(q(), id)}>
                            <Show when={picture} fallback={id}>
                              {(p) => <img src={pictureUrl(p())} alt={pictureName(p(), lang())} width="72" height="72" />}
                            </Show>
                          </button>
                        </li>
                      );
                    }}
                  </For>
                </ul>
              </Show>
              <Show when={busy()}>
                <p class="loading" role="status">{busy() === 'passkey' ? r('busy.passkey') : r('busy.send')}</p>
              </Show>
              <Show when={error() !== undefined}>
                <ErrorNotice error={error()} />
              </Show>
              {/* Each refusal says what it does, on screen and as the button's description. */}
              <div class={cx(app.actions, app.stacked, styles.refusals)}>
                <div>
                  <button type="button" class="button big secondary" aria-describedby="deny-effect" disabled={Boolean(busy())}
                    onClick={() => void deny(q(), false)}>{r('deny')}</button>
                  <p id="deny-effect" class={styles.effect}>{r('deny.effect')}</p>
                </div>
                <div>
                  <button type="button" class="button big danger" aria-describedby="not-me-effect" disabled={Boolean(busy())}
                    onClick={() => setAskNotMe(true)}>{r('notMe')}</button>
                  <p id="not-me-effect" class={styles.effect}>{r('notMe.effect')}</p>
                </div>
              </div>
              <ConfirmDialog
                open={askNotMe()}
                title={r('notMe.title')}
                confirmLabel={r('notMe.confirm')}
                cancelLabel={r('cancel')}
                danger
                onConfirm={() => void deny(q(), true)}
                onCancel={() => setAskNotMe(false)}
              >
                <p>{r('notMe.body')}</p>
              </ConfirmDialog>
            </section>
          )}
        </Match>
        <Match when={true}>
          <p class="loading" role="status">{tGlobal('app.loading')}</p>
        </Match>
      </Switch>
    </div>
  );
}
