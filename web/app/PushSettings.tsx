import { createSignal, Match, Show, Switch } from 'solid-js';
import { api, type PushState } from '../lib/api.ts';
import { disablePush, enablePush, notificationPermission, pushSupported, type PushOutcome } from './push.ts';
import { isStandalone, phoneSystem } from './platform.ts';
import { m } from './messages.ts';
import { cx } from '../lib/cx.ts';
import app from './app.module.css';
import styles from './PushSettings.module.css';

type View = 'on' | 'off' | 'dead' | 'blocked' | 'unsupported';

/**
 * Notifications for login requests: the server's view of the subscription (none / active /
 * dead) checked against this browser's permission, a button to turn them on (a tap is
 * required), and what happens without them.
 */
export function PushSettings(props: { server: PushState; onChanged?: () => void }) {
  // Fetched now, so that the tap's permission prompt is not delayed by it.
  const vapidKey = api.public.config().then((c) => c.vapidPublicKey, () => null);
  const [outcome, setOutcome] = createSignal<PushOutcome>();
  const [busy, setBusy] = createSignal(false);
  const [permission, setPermission] = createSignal(notificationPermission());

  const view = (): View => {
    if (!pushSupported()) return 'unsupported';
    if (outcome() === 'enabled') return 'on';
    if (props.server === 'active') return permission() === 'granted' ? 'on' : 'blocked';
    return props.server === 'dead' ? 'dead' : 'off';
  };

  const turnOn = async () => {
    setBusy(true);
    try {
      const result = await enablePush(() => vapidKey);
      setOutcome(result);
      if (result === 'enabled') props.onChanged?.();
    } finally {
      setPermission(notificationPermission());
      setBusy(false);
    }
  };

  const turnOff = async () => {
    setBusy(true);
    try {
      await disablePush();
      setOutcome(undefined);
      props.onChanged?.();
    } catch {
      setOutcome('failed');
    } finally {
      setBusy(false);
    }
  };

  const failure = () => {
    const o = outcome();
    return o && o !== 'enabled' ? o : undefined;
  };

  return (
    <section class={app.card} aria-labelledby="push-heading" data-state={view()}>
      <h2 id="push-heading">{m('push.heading')}</h2>
      {/* `push-state` stays as a hook for browser tests. */}
      <p class={cx('push-state', styles.state)} data-state={view()}>
        <Switch>
          <Match when={view() === 'on'}>{m('push.on')}</Match>
          <Match when={view() === 'dead'}>{m('push.dead')}</Match>
          <Match when={true}>{m('push.off')}</Match>
        </Switch>
      </p>
      <Switch>
        <Match when={view() === 'unsupported'}>
          <p>{phoneSystem() === 'ios' && !isStandalone() ? m('push.unsupported.ios') : m('push.unsupported')}</p>
        </Match>
        <Match when={view() === 'dead'}>
          <p>{m('push.dead.body')}</p>
        </Match>
        <Match when={view() === 'blocked'}>
          <p>{m('push.blocked')}</p>
        </Match>
        <Match when={view() === 'off' && !failure()}>
          <p>{m('push.why')}</p>
        </Match>
      </Switch>
      <Show when={failure()}>
        {(f) => (
          <p class="notice notice-warning" role="alert">
            <Switch>
              <Match when={f() === 'denied'}>{m('push.denied')}</Match>
              <Match when={f() === 'dismissed'}>{m('push.dismissed')}</Match>
              <Match when={f() === 'unsupported'}>
                {phoneSystem() === 'ios' && !isStandalone() ? m('push.unsupported.ios') : m('push.unsupported')}
              </Match>
              <Match when={true}>{m('push.failed')}</Match>
            </Switch>
          </p>
        )}
      </Show>
      <Show when={view() !== 'on'}>
        <p class={styles.fallback}>{m('push.fallback')}</p>
      </Show>
      <div class={app.actions}>
        <Show when={view() !== 'on' && view() !== 'unsupported'}>
          <button type="button" class="button big" disabled={busy()} onClick={turnOn}>
            {busy() ? m('push.busy') : view() === 'dead' ? m('push.reenable') : m('push.enable')}
          </button>
        </Show>
        <Show when={view() === 'on' && props.server === 'active'}>
          <button type="button" class="button secondary" disabled={busy()} onClick={turnOff}>{m('push.disable')}</button>
        </Show>
      </div>
    </section>
  );
}
