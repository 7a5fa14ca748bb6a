import { m } from './messages.ts';

/**
 * Login requests waiting for this phone's approval. Empty until the login flow ([LOGIN],
 * FLOWS §3) lists them here; that is also where a notification tap (/app/requests/<id>) lands.
 */
export function PendingRequests() {
  return (
    <section class="app-card" aria-labelledby="pending-heading">
      <h2 id="pending-heading">{m('pending.heading')}</h2>
      <p class="muted">{m('pending.none')}</p>
    </section>
  );
}
