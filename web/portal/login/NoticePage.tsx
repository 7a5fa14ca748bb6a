/**
 * The expiry notice shown at every login while the token has 1–30 days left.
 * The days left are the server's (Bangkok calendar days, api/domain/token-validity.ts); the
 * page loads them from /auth/me, so opened directly it still shows the real validity, and
 * it leaves for the portal (or the login) when there is nothing to give notice of.
 */
import { createEffect, createResource, Show } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { api } from '../../lib/api.ts';
import { lang } from '../../lib/i18n.ts';
import { loginPath } from '../../lib/oidc.ts';
import { formatDateTime } from '../../lib/thai-date.ts';
import { f } from './flow-messages.ts';
import styles from './login.module.css';

export default function NoticePage() {
  const navigate = useNavigate();
  const [me] = createResource(() => api.auth.me().catch(() => null));
  const notice = () => {
    const tk = me()?.token;
    return tk && tk.validity.state === 'notice' ? { daysLeft: tk.validity.daysLeft, validUntil: tk.validUntil } : undefined;
  };
  createEffect(() => {
    if (me.loading) return;
    const m = me();
    if (m === null) navigate(loginPath(), { replace: true });
    else if (m !== undefined && !notice()) navigate('/portal', { replace: true });
  });
  return (
    <Show when={notice()}>
      {(n) => (
        <section class="page">
          <div class={styles.alertBox} role="alertdialog" aria-labelledby="notice-heading" aria-describedby="notice-body">
            <h1 id="notice-heading">{f('notice.heading')}</h1>
            <p id="notice-body">{f('notice.body', { days: n().daysLeft, date: formatDateTime(n().validUntil, lang()) })}</p>
            <div class="actions center">
              <button type="button" class="button" onClick={() => navigate('/renew')}>{f('notice.renew')}</button>
              <button type="button" class="button secondary" onClick={() => navigate('/portal', { replace: true })}>{f('notice.continue')}</button>
            </div>
          </div>
        </section>
      )}
    </Show>
  );
}
