/**
 * The link emailed to a new address after a change-of-email request (`/verify-email#<token>`):
 * the token travels in the fragment, never to a server log; it is posted once and then
 * dropped from the address bar.
 */
import { createResource, Match, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { FormAlert } from '../../components/Form.tsx';
import { api, ApiError } from '../../lib/api.ts';
import { cx } from '../../lib/cx.ts';
import { errorText } from '../../lib/error-text.ts';
import { t } from './messages.ts';
import page from './service-request.module.css';

type Outcome = { ok: true; email: string } | { ok: false; reason: 'no_token' | 'expired' | 'sign_in' | 'wrong_account' | 'other'; error?: unknown };

async function verify(token: string): Promise<Outcome> {
  if (!token) return { ok: false, reason: 'no_token' };
  try {
    const { email } = await api.serviceRequests.verifyEmail(token);
    return { ok: true, email };
  } catch (err) {
    if (err instanceof ApiError && (err.code === 'link_expired' || err.code === 'validation')) return { ok: false, reason: 'expired' };
    // Only the holder, signed in with the phone's approval, may put a new email on record.
    if (err instanceof ApiError && err.status === 401) return { ok: false, reason: 'sign_in' };
    if (err instanceof ApiError && err.status === 403) return { ok: false, reason: 'wrong_account' };
    return { ok: false, reason: 'other', error: err };
  }
}

export default function VerifyEmailPage() {
  const token = decodeURIComponent(location.hash.replace(/^#/, '')).trim();
  // Out of the address bar (and history) before anything else: the link is single-use.
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
  const [result] = createResource(() => verify(token));

  return (
    <section class={cx('page', page.page, page.narrow)} aria-labelledby="verify-heading">
      <h1 id="verify-heading">{t('verifyHeading')}</h1>
      <Switch fallback={<p class="loading" role="status">{t('verifying')}</p>}>
        <Match when={result.state === 'ready' && result()}>
          {(r) => (
            <Switch>
              <Match when={r().ok && r() as Extract<Outcome, { ok: true }>}>
                {(ok) => (
                  <FormAlert kind="success">
                    <p><strong>{t('verified')}</strong></p>
                    <p data-testid="verified-email">{t('verifiedBody', { email: ok().email })}</p>
                  </FormAlert>
                )}
              </Match>
              <Match when={!r().ok && r() as Extract<Outcome, { ok: false }>}>
                {(failed) => (
                  <FormAlert>
                    <p><strong>{t('verifyFailed')}</strong></p>
                    <p data-testid="verify-failed-reason">{{
                      no_token: t('verifyNoToken'), expired: t('verifyExpired'), sign_in: t('verifySignIn'),
                      wrong_account: t('verifyWrongAccount'), other: errorText(failed().error),
                    }[failed().reason]}</p>
                  </FormAlert>
                )}
              </Match>
            </Switch>
          )}
        </Match>
      </Switch>
      <p class="actions">
        <A class="button secondary" href="/">{t('toLogin')}</A>
      </p>
    </section>
  );
}
