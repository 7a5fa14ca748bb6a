/** The tracker: the five steps, each with its state, live as the registration moves. */
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { Badge } from '../../components/Badge.tsx';
import type { StepState } from '../../lib/api.ts';
import { cx } from '../../lib/cx.ts';
import { fieldErrorText } from '../../components/field-messages.ts';
import { FormAlert } from '../../components/Form.tsx';
import { formatTime } from '../../lib/thai-date.ts';
import { providerIn } from '../../proofing/messages.tsx';
import { t } from './messages.ts';
import { useRegistration } from './state.ts';
import shared from './registration.module.css';
import styles from './TrackerPage.module.css';

/** Where each step's start button leads. */
const STEP_PAGES = ['/register/step1', '/register/proofing', '/register/details', '', '/register/activate'] as const;

export default function TrackerPage() {
  const store = useRegistration();
  const reg = () => store.data()!;
  const names = () => [
    t('step.1'),
    t('step.2', { provider: providerIn(reg()) }),
    t('step.3'),
    t('step.4'),
    t('step.5'),
  ];

  return (
    <section class="page tracker" aria-labelledby="tracker-heading">
      <h1 id="tracker-heading">{t('tracker.heading')}</h1>

      <Show when={reg().reproofing && reg().status === 'proofing'}>
        <FormAlert kind="warning">
          <p><strong>{t('reproofingTitle')}</strong></p>
          <p data-testid="reproofing-note">{t('reproofingNote', { provider: providerIn(reg()) })}</p>
        </FormAlert>
      </Show>

      <Show when={reg().rejectReason}>
        {(reason) => (
          <FormAlert kind="error">
            <p><strong>{t('rejectedTitle')}</strong></p>
            <p>{t('rejectedReason', { reason: reason() })}</p>
            <p>{t('rejectedAdvice')}</p>
          </FormAlert>
        )}
      </Show>

      {/* `steps`, `step-name` and `step-action` stay as hooks for browser tests. */}
      <ol class={cx('steps', styles.steps)}>
        <For each={names()}>
          {(name, i) => (
            <li class={styles.step} data-state={reg().steps[i()]}>
              <span class={styles.num} aria-hidden="true">{i() + 1}</span>
              <span class={cx('step-name', styles.name)}>{name}</span>
              <span class={cx('step-action', styles.action)}>
                <StepControl index={i()} state={reg().steps[i()]!} />
              </span>
            </li>
          )}
        </For>
      </ol>

      <Switch>
        <Match when={reg().steps[3] === 'waiting'}>
          <FormAlert kind="info">{t('pendingNote')}</FormAlert>
        </Match>
        <Match when={reg().steps[3] === 'approved' && reg().steps[4] === 'start'}>
          <FormAlert kind="success">{t('approvedNote')}</FormAlert>
        </Match>
      </Switch>

      {/* All five steps done: the manual's step 5 ends here, at the portal (its login asks for the
          phone). A full page load: this registration's session is not the portal's. */}
      <Show when={reg().steps.every((s) => s === 'done' || s === 'approved')}>
        <div class="actions">
          <a class="button" href="/portal" rel="external">{t('toPortal')}</a>
        </div>
      </Show>

      <StatusBar />
    </section>
  );
}

function StepControl(props: { index: number; state: StepState }) {
  return (
    <Switch>
      <Match when={props.state === 'start' && props.index !== 3}>
        <A class="button" href={STEP_PAGES[props.index]!}>{props.index === 0 ? t('state.startFirst') : t('state.start')}</A>
      </Match>
      <Match when={props.state === 'done'}>
        <Badge size="large" tone="success">{t('state.done')}</Badge>
      </Match>
      <Match when={props.state === 'waiting'}>
        <Badge size="large" tone="warning">{t('state.waiting')}</Badge>
      </Match>
      <Match when={props.state === 'approved'}>
        <Badge size="large" tone="success">{t('state.approved')}</Badge>
      </Match>
      <Match when={true}>
        <button type="button" class={cx('button', styles.blocked)} disabled>{t('state.blocked')}</button>
      </Match>
    </Switch>
  );
}

/** `ตรวจสอบสถานะ`, when it was last checked, and whether live updates are flowing. */
export function StatusBar() {
  const store = useRegistration();
  // Only the person's own click shows "checking": live refreshes happen quietly.
  const [checking, setChecking] = createSignal(false);
  async function check() {
    setChecking(true);
    try {
      await store.refresh();
    } finally {
      setChecking(false);
    }
  }
  return (
    <div class={shared.statusBar}>
      <button type="button" class="button secondary" onClick={() => void check()} disabled={checking()}>
        {checking() ? t('checking') : t('checkStatus')}
      </button>
      <span class={shared.statusText}>
        <Show when={store.checkedAt()}>{(at) => <span>{t('checkedAt', { time: formatTime(at()) })}</span>}</Show>
        <span class={shared.live} data-live={store.live()}>{t(`live.${store.live()}`)}</span>
      </span>
      <Show when={store.error() && store.data()}>
        <p class="field-error">{fieldErrorText(store.error())}</p>
      </Show>
    </div>
  );
}
