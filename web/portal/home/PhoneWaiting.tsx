/**
 * Waiting for the holder's phone to approve something asked from the portal (revocation, the
 * data download): the picture to tap there, the countdown and the request's live status. On
 * approval `onApproved` runs once; a wrong picture, a Deny or the time running out offers a
 * new request. With the phone lost, the service request is the way (the page says so).
 */
import { createEffect, createSignal, Show, type JSX } from 'solid-js';
import { A } from '@solidjs/router';
import type { PhoneRequestStart } from '../../lib/api.ts';
import { FormAlert } from '../../components/Form.tsx';
import { lang } from '../../lib/i18n.ts';
import { createNow } from '../../lib/now.ts';
import { findPicture, pictureName, pictureUrl } from '../../lib/pictures.ts';
import { formatCountdown } from '../../lib/thai-date.ts';
import { followRequest } from '../login/follow.ts';
import { h } from './messages.ts';
import login from '../login/login.module.css';

type Key = Parameters<typeof h>[0];

/** What this request is about, as keys of the portal's messages. */
export type PhoneWaitingTexts = { heading: Key; instruction: Key; wrongPicture: Key; denied: Key; expired: Key; needsPhone: Key };

export function PhoneWaiting(props: {
  request: PhoneRequestStart; texts: PhoneWaitingTexts; onApproved: () => void; onRetry: () => void;
  /** Shown under the status once approved (e.g. the download's progress); the waiting lines go. */
  approved?: JSX.Element;
}) {
  const now = createNow();
  const picture = findPicture(props.request.picture);
  const { view, missing, live, refresh } = followRequest(() => props.request.requestId);
  const expiresAt = () => new Date(view()?.expiresAt ?? props.request.expiresAt).getTime();
  const secondsLeft = () => Math.max(0, Math.ceil((expiresAt() - now()) / 1000));
  const [approved, setApproved] = createSignal(false);

  // The server expires the request itself; at zero, ask rather than wait for the stream.
  createEffect(() => {
    if (view()?.status === 'pending' && secondsLeft() === 0) void refresh();
  });
  createEffect(() => {
    if (view()?.status === 'approved' && !approved()) {
      setApproved(true);
      props.onApproved();
    }
  });

  const failure = () => {
    const v = view();
    if (missing()) return h('phone.failed.notFound');
    if (!v || approved()) return undefined;
    if (v.status === 'denied') return h(v.denyReason === 'wrong_picture' ? props.texts.wrongPicture : props.texts.denied);
    if (v.status === 'expired' || v.status === 'cancelled' || v.status === 'completed') return h(props.texts.expired);
    return undefined;
  };

  return (
    <section class={login.approveCard} aria-labelledby="phone-approve-heading">
      <h2 id="phone-approve-heading">{h(props.texts.heading)}</h2>
      <Show
        when={!failure()}
        fallback={
          <>
            <FormAlert>{failure()!}</FormAlert>
            <div class="actions">
              <button type="button" class="button" onClick={() => props.onRetry()}>{h('phone.retry')}</button>
              <A class="button secondary" href="/portal">{h('back')}</A>
            </div>
          </>
        }
      >
        <Show when={!approved()} fallback={props.approved}>
          <p class="lead">{h(props.texts.instruction)}</p>
          <Show when={picture}>
            {(p) => (
              <figure class={login.picture}>
                <img src={pictureUrl(p())} alt={pictureName(p(), lang())} width="200" height="200" />
                <figcaption data-testid="picture-name">{pictureName(p(), lang())}</figcaption>
              </figure>
            )}
          </Show>
          <p class={login.approveStatus} role="status" aria-live="polite">{h('phone.waiting')}</p>
          <p class={login.countdown} aria-live="off">{h('phone.remaining', { time: formatCountdown(secondsLeft()) })}</p>
          <Show when={live() === 'down'}>
            <p class="muted small">{h('phone.liveDown')}</p>
          </Show>
          <p class="muted small">
            {h(props.texts.needsPhone)} <A href="/service-request">{h('revoke.lostPhoneLink')}</A>
          </p>
        </Show>
      </Show>
    </section>
  );
}
