/**
 * The desktop after the password: one big picture, the instruction to tap
 * the same one on the phone, a countdown and the live status. An approval is collected
 * here (only this browser holds the binding cookie) and leads on by the server's `next`.
 */
import { createEffect, createSignal, Match, Show, Switch } from 'solid-js';
import { useNavigate, useParams } from '@solidjs/router';
import { api } from '../../lib/api.ts';
import { FormAlert } from '../../components/Form.tsx';
import { errorText } from '../../lib/error-text.ts';
import { lang } from '../../lib/i18n.ts';
import { createNow } from '../../lib/now.ts';
import { findPicture, pictureName, pictureUrl } from '../../lib/pictures.ts';
import { formatCountdown } from '../../lib/thai-date.ts';
import { f } from './flow-messages.ts';
import { followRequest, pathAfterLogin, recalledRequest } from './follow.ts';
import { cx } from '../../lib/cx.ts';
import { loginPath } from '../../lib/oidc.ts';
import styles from './login.module.css';

export default function ApprovePage() {
  const params = useParams<{ id: string }>();
  const navigate = useNavigate();
  const now = createNow();
  const remembered = recalledRequest(params.id);
  const picture = findPicture(remembered?.picture);
  const { view, missing, live, refresh } = followRequest(() => params.id);
  const [error, setError] = createSignal<unknown>();
  let completing = false;

  const expiresAt = () => new Date(view()?.expiresAt ?? remembered?.expiresAt ?? Date.now()).getTime();
  const secondsLeft = () => Math.max(0, Math.ceil((expiresAt() - now()) / 1000));
  const status = () => view()?.status;

  // The server expires the request itself; at zero, ask rather than wait for the stream.
  createEffect(() => {
    if (status() === 'pending' && secondsLeft() === 0) void refresh();
  });

  createEffect(() => {
    if (status() !== 'approved' || completing) return;
    completing = true;
    api.loginRequests.complete(params.id)
      .then((done) => navigate(pathAfterLogin(done), { replace: true }))
      .catch((err: unknown) => setError(() => err));
  });

  const failure = () => {
    const v = view();
    if (missing()) return f('notFound');
    if (!v) return undefined;
    if (v.status === 'denied') return f(`denied.${v.denyReason ?? 'denied'}`);
    if (v.status === 'expired' || v.status === 'cancelled' || v.status === 'completed') return f(v.status);
    return undefined;
  };

  return (
    <section class="page" aria-labelledby="approve-heading">
      <h1 id="approve-heading">{f('approve.heading')}</h1>
      <Switch>
        <Match when={failure()}>
          <div class={styles.card}>
            <h2>{f('denied.heading')}</h2>
            <FormAlert>{failure()!}</FormAlert>
            <button type="button" class="button" onClick={() => navigate(loginPath(), { replace: true })}>{f('tryAgain')}</button>
          </div>
        </Match>
        <Match when={true}>
          <div class={cx(styles.card, styles.approveCard)}>
            <p class="lead">{f('approve.instruction')}</p>
            <Show when={picture}>
              {(p) => (
                <figure class={styles.picture}>
                  <img src={pictureUrl(p())} alt={pictureName(p(), lang())} width="200" height="200" />
                  <figcaption data-testid="picture-name">{pictureName(p(), lang())}</figcaption>
                </figure>
              )}
            </Show>
            <Show when={error()}>
              {(err) => <FormAlert>{errorText(err())}</FormAlert>}
            </Show>
            <p class={styles.approveStatus} role="status" aria-live="polite">
              {status() === 'approved' ? f('approve.completing') : f('approve.waiting')}
            </p>
            <p class={styles.countdown} aria-live="off">{f('approve.remaining', { time: formatCountdown(secondsLeft()) })}</p>
            <Show when={live() === 'down'}>
              <p class="muted small">{f('approve.live.down')}</p>
            </Show>
            <p class="muted small">{f('approve.noPush')}</p>
            <button type="button" class="button secondary" onClick={() => navigate(loginPath(), { replace: true })}>{f('approve.cancel')}</button>
          </div>
        </Match>
      </Switch>
    </section>
  );
}
