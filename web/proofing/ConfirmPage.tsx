/**
 * The phone opens the QR's link (/p/<code>, FLOWS §1 step 2): whose proof it is and which
 * computer asked, then "yes, continue" (on to the identity provider) or "not me" (the link
 * closes and the computer is told).
 */
import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { useParams } from '@solidjs/router';
import { api, ApiError } from '../lib/api.ts';
import { fieldErrorText } from '../components/field-messages.ts';
import { FormAlert } from '../components/Form.tsx';
import { lang } from '../lib/i18n.ts';
import { formatDateTime } from '../lib/thai-date.ts';
import { summariseUserAgent } from '../lib/user-agent.ts';
import { failureText, HelpLine, providerIn, t } from './messages.tsx';
import { cx } from '../lib/cx.ts';
import styles from './proofing.module.css';

export default function ConfirmPage() {
  const params = useParams<{ code: string }>();
  const [session] = createResource(() => params.code, (code) => api.proofing.session(code));
  const [outcome, setOutcome] = createSignal<'redirecting' | 'refused'>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<ApiError>();

  const browser = () => {
    const s = session.state === 'ready' ? session() : undefined;
    const ua = summariseUserAgent(s?.desktop.userAgent);
    if (ua.browser && ua.system) return t('browserOn', { browser: ua.browser, system: ua.system });
    return ua.browser ?? ua.system ?? t('unknown');
  };

  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      const { redirectUrl } = await api.proofing.confirm(params.code);
      setOutcome('redirecting');
      window.location.assign(redirectUrl);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
      setBusy(false);
    }
  }

  async function refuse() {
    setBusy(true);
    setError(undefined);
    try {
      await api.proofing.refuse(params.code);
      setOutcome('refused');
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
    } finally {
      setBusy(false);
    }
  }

  const gone = () => {
    const e = error() ?? (session.state === 'errored' ? (session.error as unknown) : undefined);
    return e instanceof ApiError && (e.code === 'link_expired' || e.code === 'not_found') ? e.code : undefined;
  };

  return (
    <section class={cx('page', styles.page)} aria-labelledby="phone-heading">
      <Switch>
        <Match when={outcome() === 'refused'}>
          <div class={cx(styles.result, styles.failed)}>
            <div class={styles.mark} aria-hidden="true">✕</div>
            <h1 id="phone-heading">{t('refusedTitle')}</h1>
            <p class="lead">{t('refusedBody')}</p>
            <FormAlert kind="warning">{t('refusedAdvice')}</FormAlert>
          </div>
        </Match>
        <Match when={gone() === 'link_expired'}>
          <h1 id="phone-heading">{t('expiredTitle')}</h1>
          <p class="lead">{t('expiredBody')}</p>
        </Match>
        <Match when={gone() === 'not_found'}>
          <h1 id="phone-heading">{t('notFoundTitle')}</h1>
          <p class="lead">{t('notFoundBody')}</p>
        </Match>
        <Match when={session.state === 'errored'}>
          <h1 id="phone-heading">{t('heading')}</h1>
          <FormAlert>{session.error instanceof ApiError ? fieldErrorText(session.error) : String(session.error)}</FormAlert>
        </Match>
        <Match when={session.state === 'ready' && session()}>
          {(s) => (
            <>
              <h1 id="phone-heading">{t('heading')}</h1>
              <p class="lead">{t('intro')}</p>
              <Show when={s().status === 'failed'}>
                <FormAlert kind="warning">
                  <p>{t('previousFailed')}</p>
                  <p>{failureText(s().failureCode, providerIn(s())).what}</p>
                </FormAlert>
              </Show>
              <dl class={styles.facts}>
                <div>
                  <dt>{t('username')}</dt>
                  <dd class={styles.username}>{s().username}</dd>
                </div>
                <div>
                  <dt>{t('unit')}</dt>
                  <dd>
                    {s().unitCode} {s().unitName}
                    <span class={cx('muted', styles.block)}>{s().ministry} / {s().department}</span>
                  </dd>
                </div>
                <div>
                  <dt>{t('requestedAt')}</dt>
                  <dd>{formatDateTime(s().desktop.at, lang())}</dd>
                </div>
                <div>
                  <dt>{t('browser')}</dt>
                  <dd>{browser()}</dd>
                </div>
                <div>
                  <dt>{t('ip')}</dt>
                  <dd>{s().desktop.ip ?? t('unknown')}</dd>
                </div>
              </dl>
              <h2 class={styles.question}>{t('question')}</h2>
              <p class="muted">{t('questionHint')}</p>
              <p>{t('next', { provider: providerIn(s()) })}</p>
              <Show when={error()}>
                <FormAlert>{fieldErrorText(error())}</FormAlert>
              </Show>
              <div class={styles.actions}>
                <button type="button" class="button" onClick={() => void confirm()} disabled={busy() || outcome() === 'redirecting'}>
                  <Show when={outcome() === 'redirecting'}><span class="spinner" aria-hidden="true" /></Show>
                  {t('confirm')}
                </button>
                <button type="button" class="button secondary" onClick={() => void refuse()} disabled={busy() || outcome() === 'redirecting'}>
                  {t('refuse')}
                </button>
              </div>
              <Show when={outcome() === 'redirecting'}>
                <p class="loading">{t('redirecting', { provider: providerIn(s()) })}</p>
              </Show>
            </>
          )}
        </Match>
        <Match when={true}>
          <p class="loading"><span class="spinner" aria-hidden="true" />{t('loading')}</p>
        </Match>
      </Switch>
      <HelpLine class={styles.helpLine} />
    </section>
  );
}
