import { createResource, For, onCleanup, Show } from 'solid-js';
import { A } from '@solidjs/router';
import { api } from '../lib/api.ts';
import { openLiveStream } from '../lib/live.ts';
import { formatTime } from '../lib/thai-date.ts';
import { summariseUserAgent } from '../lib/user-agent.ts';
import { r } from './requests/messages.ts';
import app from './app.module.css';
import styles from './PendingRequests.module.css';

/**
 * Login and renewal requests waiting for this phone: fetched when the app opens and
 * again whenever the live channel says a new one arrived, so push is not needed.
 */
export function PendingRequests() {
  const [requests, { refetch }] = createResource(() => api.device.requests().catch(() => []));
  const stop = openLiveStream(api.device.eventsUrl, { onReady: () => void refetch(), onUpdate: () => void refetch() }, { update: 'request' });
  onCleanup(stop);
  const live = () => (requests.latest ?? []).filter((q) => new Date(q.expiresAt).getTime() > Date.now());

  return (
    <section class={app.card} aria-labelledby="pending-heading">
      <h2 id="pending-heading">{r('pending.heading')}</h2>
      <Show when={live().length} fallback={<p class="muted">{r('pending.none')}</p>}>
        <ul class={styles.list}>
          <For each={live()}>
            {(q) => (
              <li>
                <span>
                  <strong>{r(`pending.${q.purpose}`)}</strong>
                  <br />
                  <span class="muted small">{r('pending.from', { browser: summariseUserAgent(q.userAgent).browser ?? '—', time: formatTime(q.createdAt) })}</span>
                </span>
                <A class="button" href={`/app/requests/${q.id}`}>{r('pending.open')}</A>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
