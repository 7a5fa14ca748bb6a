/**
 * Step 5 on the desktop (R-5.1, R-5.3, FLOWS §2): the manual's `เริ่มดำเนินการ` → `ตกลง` →
 * the activation page with a single-use QR and typed code for the phone app, then — live,
 * or on `ตรวจสอบสถานะ` — `ท่าน Activate Soft Token เสร็จสิ้นแล้ว`.
 */
import { createSignal, Match, onMount, Show, Switch, untrack } from 'solid-js';
import { A } from '@solidjs/router';
import { api, ApiError, type ActivationStart } from '../../lib/api.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { fieldErrorText } from '../../components/field-messages.ts';
import { FormAlert } from '../../components/Form.tsx';
import { createNow } from '../../lib/now.ts';
import { formatCountdown } from '../../lib/thai-date.ts';
import { a } from './activation-messages.ts';
import { t } from './messages.ts';
import { StepCount, StepGuard } from './RegistrationLayout.tsx';
import { useRegistration } from './state.ts';
import { cx } from '../../lib/cx.ts';
import shared from './registration.module.css';
import styles from './ActivatePage.module.css';

const appUrl = () => `${location.origin}/app`;
/** A code's life on the server (api/domain/activation.ts): a computer clock running behind must not show more. */
const CODE_LIFETIME_MS = 5 * 60_000;

export default function ActivatePage() {
  const store = useRegistration();
  const step = () => store.data()!.steps[4];
  // Done while the code page is open: that page says so and its `เสร็จสิ้น` (then primary) opens the result.
  const [phase, setPhase] = createSignal<'intro' | 'code' | 'finished'>(untrack(step) === 'done' ? 'finished' : 'intro');
  return (
    <Switch>
      <Match when={phase() === 'finished' || (phase() === 'intro' && step() === 'done')}>
        <ActivationDone />
      </Match>
      <Match when={phase() === 'code' && step() !== 'blocked'}>
        <ActivationCode onFinish={() => setPhase('finished')} />
      </Match>
      <Match when={step() === 'start'}>
        <ActivationIntro onStart={() => setPhase('code')} />
      </Match>
      <Match when={true}>
        <StepGuard when={false}>{null}</StepGuard>
      </Match>
    </Switch>
  );
}

function ActivationIntro(props: { onStart: () => void }) {
  const [confirming, setConfirming] = createSignal(false);
  return (
    <section class={cx('page', styles.intro)} aria-labelledby="activation-heading">
      <StepCount step={5} />
      <h1 id="activation-heading">{a('heading')}</h1>
      <p class="lead">{a('intro')}</p>
      <h2>{a('needs.heading')}</h2>
      <ul class={styles.needs}>
        <li>{a('needs.phone')}</li>
        <li>{a('needs.app', { appUrl: appUrl() })}</li>
      </ul>
      <FormAlert kind="info">{a('needs.open')}</FormAlert>
      <div class="actions">
        <button type="button" class="button" onClick={() => setConfirming(true)}>{a('start')}</button>
        <A class="button secondary" href="/register">{t('backToTracker')}</A>
      </div>
      <ConfirmDialog
        open={confirming()}
        title={a('confirm.title')}
        confirmLabel={a('ok')}
        cancelLabel={a('cancel')}
        onConfirm={() => {
          setConfirming(false);
          props.onStart();
        }}
        onCancel={() => setConfirming(false)}
      >
        <p>{a('confirm.body')}</p>
      </ConfirmDialog>
    </section>
  );
}

/** The page that stays open: QR, typed code, countdown, and the status buttons. */
function ActivationCode(props: { onFinish: () => void }) {
  const store = useRegistration();
  const done = () => store.data()?.steps[4] === 'done';
  const now = createNow();
  const [code, setCode] = createSignal<ActivationStart>();
  const [deadline, setDeadline] = createSignal(0);
  const [creating, setCreating] = createSignal(false);
  const [error, setError] = createSignal<ApiError>();
  const [checking, setChecking] = createSignal(false);
  const [notDone, setNotDone] = createSignal(false);

  async function newCode() {
    setCreating(true);
    setError(undefined);
    try {
      const fresh = await api.registration.startActivation();
      setDeadline(Math.min(Date.parse(fresh.expiresAt), Date.now() + CODE_LIFETIME_MS));
      setCode(fresh);
    } catch (err) {
      setCode(undefined);
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
      // token_active / wrong_step: the registration moved on; the tracker data says where.
      void store.refresh();
    } finally {
      setCreating(false);
    }
  }
  onMount(() => void newCode());

  /** `ตรวจสอบสถานะ`: says so when the phone has not finished (done shows by itself). */
  async function check() {
    setChecking(true);
    setNotDone(false);
    try {
      await store.refresh();
      if (!done()) setNotDone(true);
    } finally {
      setChecking(false);
    }
  }

  /** `เสร็จสิ้น`: the result once the phone has finished, else the same answer as `ตรวจสอบสถานะ`. */
  async function finish() {
    if (!done()) await check();
    if (done()) props.onFinish();
  }

  const secondsLeft = () => (code() ? Math.min(CODE_LIFETIME_MS, deadline() - now()) / 1000 : 0);
  const expired = () => Boolean(code()) && secondsLeft() <= 0;
  const grouped = (typed: string) => `${typed.slice(0, 4)}-${typed.slice(4)}`;

  return (
    <section class="page" aria-labelledby="activation-heading">
      <StepCount step={5} />
      {/* The phone has finished: the page says so at once; `เสร็จสิ้น` opens the result. */}
      <h1 id="activation-heading">{done() ? a('done') : a('page.title')}</h1>
      <Show when={!done()}>
        <div class={shared.qrGrid}>
          <div>
            <p>{a('page.lead')}</p>
            <ol class={shared.instructions}>
              <li>{a('page.step1', { appUrl: appUrl() })}</li>
              <li>{a('page.step2')}</li>
              <li>{a('page.step3')}</li>
              <li>{a('page.step4')}</li>
            </ol>
            <FormAlert kind="info">{a('page.keepOpen')}</FormAlert>
          </div>

          <div class={shared.qrPanel}>
            <Switch>
              <Match when={error() && !code()}>
                <FormAlert>
                  <p>{a('qr.failed')}</p>
                  <p>{fieldErrorText(error())}</p>
                </FormAlert>
              </Match>
              <Match when={code()}>
                {(c) => (
                  <>
                    <img class={cx(shared.qr, expired() && shared.expired)} src={c().qr} alt={a('qr.alt')} width="280" height="280" />
                    <p class={styles.typedLabel}>{a('code.label')}</p>
                    <p class={cx(styles.typedCode, expired() && styles.expired)} data-testid="typed-code">
                      {grouped(c().typedCode)}
                    </p>
                    <Show when={!expired()} fallback={<p class="field-error" role="alert">{a('code.expired')}</p>}>
                      <p class={shared.countdown}>{a('code.expiresIn', { time: formatCountdown(secondsLeft()) })}</p>
                    </Show>
                </>
              )}
            </Match>
            <Match when={true}>
              <p class="loading"><span class="spinner" aria-hidden="true" />{a('qr.creating')}</p>
            </Match>
          </Switch>
          <button type="button" class="button secondary" onClick={() => void newCode()} disabled={creating()}>
            {a('newCode')}
          </button>
          <p class={styles.newCodeNote}>{a('newCode.note')}</p>
        </div>
      </div>
      </Show>

      <div class={styles.status} aria-live="polite">
        <Show when={done()}>
          <FormAlert kind="success">{a('codeDone')}</FormAlert>
        </Show>
        <Show when={code() && !expired() && !done()}>
          <p class={cx(shared.statusLine, shared.active)}><span class="spinner" aria-hidden="true" />{a('waiting')}</p>
        </Show>
        <Show when={notDone()}>
          <div class="notice notice-warning" role="alert">
            <p><strong>{a('notDone.title')}</strong></p>
            <p>{a('notDone.body')}</p>
            <button type="button" class="button small" onClick={() => setNotDone(false)}>{a('ok')}</button>
          </div>
        </Show>
      </div>

      <p>{a('page.after')}</p>
      <div class={shared.statusBar}>
        <Show when={!done()}>
          <button type="button" class="button secondary" onClick={() => void check()} disabled={checking()}>
            {checking() ? a('checking') : a('check')}
          </button>
        </Show>
        {/* The main action only once there is a result to go to. */}
        <button type="button" class={cx('button', !done() && 'secondary')} onClick={() => void finish()} disabled={checking()}>{a('finish')}</button>
        <span class={shared.statusText}>
          <span class={shared.live} data-live={store.live()}>{t(`live.${store.live()}`)}</span>
        </span>
      </div>
    </section>
  );
}

function ActivationDone() {
  return (
    <section class={cx('page', shared.done, styles.done)} aria-labelledby="activation-done-heading">
      <div class={shared.doneMark} aria-hidden="true">✓</div>
      <h1 id="activation-done-heading">{a('done')}</h1>
      <p class="lead">{a('done.body')}</p>
      <div class="actions center">
        <A class="button secondary" href="/register">{a('home')}</A>
        <A class="button" href="/">{a('portal')}</A>
      </div>
    </section>
  );
}
