/** The expiry notice shown at every login while the token has 1–30 days left. */
import { createResource, Show } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { api } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { formatDateTime } from '../../lib/thai-date.ts';
import { f } from './flow-messages.ts';
import styles from './login.module.css';

export default function NoticePage() {
  const navigate = useNavigate();
  const [me] = createResource(() => api.auth.me().catch(() => undefined));
  const token = () => me()?.token;
  return (
    <section class="page">
      <div class={styles.alertBox} role="alertdialog" aria-labelledby="notice-heading" aria-describedby="notice-body">
        <h1 id="notice-heading">{f('notice.heading')}</h1>
        <Show when={token()}>
          {(tk) => (
            <p id="notice-body">
              {f('notice.body', {
                days: tk().validity.state === 'notice' ? (tk().validity as { daysLeft: number }).daysLeft : 0,
                date: formatDateTime(tk().validUntil, lang()),
              })}
            </p>
          )}
        </Show>
        <div class="actions center">
          <button type="button" class="button secondary" onClick={() => navigate('/portal', { replace: true })}>{f('notice.continue')}</button>
          <button type="button" class="button" onClick={() => navigate('/renew')}>{f('notice.renew')}</button>
        </div>
      </div>
    </section>
  );
}
