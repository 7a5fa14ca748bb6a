/**
 * Step 2 on the desktop (R-3.4, FLOWS §1): a QR code of a short link for the phone, the
 * manual's instructions, a countdown to its expiry, and the proof's status as it happens.
 */
import { createSignal, Match, onMount, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { api, ApiError, type ProofingStart } from '../../lib/api.ts';
import { fieldErrorText } from '../../components/field-messages.ts';
import { FormAlert } from '../../components/Form.tsx';
import { createNow } from '../../lib/now.ts';
import { formatCountdown } from '../../lib/thai-date.ts';
import { failureText, HelpLine, providerIn } from '../../proofing/messages.tsx';
import { t } from './messages.ts';
import { StepCount, StepGuard } from './RegistrationLayout.tsx';
import { useRegistration } from './state.ts';
import { StatusBar } from './TrackerPage.tsx';
import { cx } from '../../lib/cx.ts';
import shared from './registration.module.css';
import styles from './ProofingPage.module.css';

export default function ProofingPage() {
  const store = useRegistration();
  const step = () => store.data()!.steps[1];
  return (
    <Switch>
      <Match when={step() === 'done'}>
        <ProofingDone />
      </Match>
      <Match when={step() === 'start'}>
        <ProofingQr />
      </Match>
      <Match when={true}>
        <StepGuard when={false}>{null}</StepGuard>
      </Match>
    </Switch>
  );
}

function ProofingDone() {
  const store = useRegistration();
  // A re-proof (FLOWS §6) leads straight back to step 5; a first proof to the details.
  const reproofed = () => store.data()!.status === 'approved';
  return (
    <section class={cx('page', shared.done)} aria-labelledby="proof-done-heading">
      <StepCount step={2} />
      <div class={shared.doneMark} aria-hidden="true">✓</div>
      <h1 id="proof-done-heading">{t('proof.done')}</h1>
      <p class="lead">{reproofed() ? t('proof.reproofDoneNext') : t('proof.doneNext')}</p>
      <div class="actions center">
        <Show when={reproofed()} fallback={<A class="button" href="/register/details">{t('proof.goDetails')}</A>}>
          <A class="button" href="/register/activate">{t('proof.goActivate')}</A>
        </Show>
      </div>
    </section>
  );
}

function ProofingQr() {
  const store = useRegistration();
  const reg = () => store.data()!;
  const provider = () => providerIn(reg());
  const now = createNow();
  const [qr, setQr] = createSignal<ProofingStart>();
  const [creating, setCreating] = createSignal(false);
  const [error, setError] = createSignal<ApiError>();

  async function newQr() {
    setCreating(true);
    setError(undefined);
    try {
      setQr(await api.registration.startProofing());
      await store.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
    } finally {
      setCreating(false);
    }
  }
  onMount(() => void newQr());

  const secondsLeft = () => {
    const q = qr();
    return q ? (Date.parse(q.expiresAt) - now()) / 1000 : 0;
  };
  const expired = () => Boolean(qr()) && secondsLeft() <= 0;
  // The tracker reports the newest proofing attempt: the one this QR belongs to.
  const attempt = () => reg().proofing;

  return (
    <section class="page" aria-labelledby="proof-heading">
      <StepCount step={2} />
      <h1 id="proof-heading">{t('proof.heading')}</h1>
      <div class={shared.qrGrid}>
        <div>
          <Show when={reg().reproofing}>
            <FormAlert kind="warning">
              <p><strong>{t('reproofingTitle')}</strong></p>
              <p>{t('reproofingNote', { provider: provider() })}</p>
            </FormAlert>
          </Show>
          <p>{t('proof.intro')}</p>
          <HelpLine />
          <ol class={shared.instructions}>
            <li>{t('proof.i1', { provider: provider() })}</li>
            <li>{t('proof.i2')}</li>
            <li>{t('proof.i3', { provider: provider() })}</li>
            <li>{t('proof.i4')}</li>
          </ol>
          <p>{t('proof.after', { provider: provider() })}</p>
        </div>

        <div class={shared.qrPanel}>
          <Switch>
            <Match when={error() && !qr()}>
              <FormAlert>
                <p>{t('proof.createFailed')}</p>
                <p>{fieldErrorText(error())}</p>
              </FormAlert>
            </Match>
            <Match when={qr()}>
              {(q) => (
                <>
                  <img class={cx(shared.qr, expired() && shared.expired)} src={q().qr} alt={t('proof.qrAlt')} width="280" height="280" />
                  <Show when={!expired()} fallback={<p class="field-error">{t('proof.expired')}</p>}>
                    <p class={shared.countdown}>{t('proof.expiresIn', { time: formatCountdown(secondsLeft()) })}</p>
                  </Show>
                  <p class={styles.link}>
                    {t('proof.link')}:{' '}
                    {/* `proofing-link` stays as a hook for browser tests. */}
                    <a href={q().url} class="proofing-link" target="_blank" rel="noopener">{q().url}</a>
                  </p>
                </>
              )}
            </Match>
            <Match when={true}>
              <p class="loading"><span class="spinner" aria-hidden="true" />{t('proof.creating')}</p>
            </Match>
          </Switch>
          <button type="button" class="button secondary" onClick={() => void newQr()} disabled={creating()}>
            {t('proof.newQr')}
          </button>
        </div>
      </div>

      <div class={styles.status} aria-live="polite">
        <Show when={qr() && attempt()}>
          {(a) => (
            <Switch>
              <Match when={a().status === 'waiting'}>
                <p class={shared.statusLine}><span class="spinner" aria-hidden="true" />{t('proof.waiting')}</p>
              </Match>
              <Match when={a().status === 'redirected'}>
                <p class={cx(shared.statusLine, shared.active)}><span class="spinner" aria-hidden="true" />{t('proof.redirected')}</p>
              </Match>
              <Match when={a().status === 'refused'}>
                <FormAlert>
                  <p><strong>{t('proof.refused')}</strong></p>
                  <p>{t('proof.refusedAdvice')}</p>
                </FormAlert>
              </Match>
              <Match when={a().status === 'failed'}>
                <FormAlert>
                  <p><strong>{t('proof.failed')}</strong>: {failureText(a().failureCode, provider()).what}</p>
                  <p>{failureText(a().failureCode, provider()).todo}</p>
                  <button type="button" class="button" onClick={() => void newQr()} disabled={creating()}>{t('proof.retry')}</button>
                </FormAlert>
              </Match>
            </Switch>
          )}
        </Show>
      </div>

      <StatusBar />
    </section>
  );
}
