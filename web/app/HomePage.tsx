import { createResource, lazy, Match, Show, Switch } from 'solid-js';
import { A } from '@solidjs/router';
import { api, ApiError } from '../lib/api.ts';
import { InstallHelp } from './InstallHelp.tsx';
import { PendingRequests } from './PendingRequests.tsx';
import { PushSettings } from './PushSettings.tsx';
import { TokenCard } from './TokenCard.tsx';
import { isStandalone } from './platform.ts';
import { m } from './messages.ts';
import { rememberActivated, wasActivated } from './requests/device-flag.ts';
import { r } from './requests/messages.ts';
import { cx } from '../lib/cx.ts';
import app from './app.module.css';

// The message catalogue is needed only when something failed: keep it out of the first visit's bytes.
const ErrorNotice = lazy(async () => ({ default: (await import('./ErrorNotice.tsx')).ErrorNotice }));

/** The server could not be reached (offline, or no route to it). */
function isOffline(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'network';
}

/** undefined: this phone has no active token (never activated, or revoked). */
async function loadDevice() {
  try {
    const device = await api.device.get();
    if (!device) return undefined;
    rememberActivated();
    return device;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'device_unknown') return undefined;
    throw err;
  }
}

/**
 * The phone app's home: before activation, install help (in a browser tab) and the ways to
 * activate; after it, the token, its notifications and the requests awaiting approval.
 */
export default function HomePage() {
  const [device, { refetch }] = createResource(loadDevice);
  const installed = isStandalone();
  // `latest` keeps the page in place while a refetch runs (reading device() would suspend it).
  const loaded = () => device.state === 'ready' || device.state === 'refreshing';
  // A phone that never activated needs the install guide most when it is offline, not only an error.
  const failure = (): unknown => device.error;
  const offlineFirstRun = () => isOffline(failure()) && !wasActivated();

  return (
    <div class={app.page}>
      <h1>{m('home.heading')}</h1>
      <Switch>
        <Match when={device.error !== undefined && !offlineFirstRun()}>
          <ErrorNotice error={failure()} />
          <div class={app.actions}>
            <button type="button" class="button big" onClick={() => void refetch()}>{m('home.retry')}</button>
          </div>
        </Match>
        <Match when={loaded() && device.latest}>
          {(info) => (
            <>
              <TokenCard device={info()} />
              <PendingRequests />
              <PushSettings server={info().push} onChanged={() => void refetch()} />
            </>
          )}
        </Match>
        <Match when={loaded() || offlineFirstRun()}>
          <Show when={offlineFirstRun()}>
            <section class="notice notice-warning" role="alert">
              <h2>{m('offline.heading')}</h2>
              <p>{m('offline.body')}</p>
              <button type="button" class="button secondary" onClick={() => void refetch()}>{m('home.retry')}</button>
            </section>
          </Show>
          <Show when={wasActivated()}>
            <section class="notice notice-warning" role="alert">
              <h2>{r('revoked')}</h2>
              <p>{r('revoked.body')}</p>
            </section>
          </Show>
          <p class="lead">{m('home.intro')}</p>
          <Show when={!installed}>
            <InstallHelp />
          </Show>
          <section class={app.card} aria-labelledby="start-heading">
            <h2 id="start-heading">{m('start.heading')}</h2>
            <p>{m('start.body')}</p>
            <div class={cx(app.actions, app.stacked)}>
              <A class="button big" href="/app/activate?via=scan">{m('start.scan')}</A>
              <A class="button big secondary" href="/app/activate?via=type">{m('start.type')}</A>
            </div>
          </section>
        </Match>
        <Match when={true}>
          <p class="loading" role="status">{m('home.loading')}</p>
        </Match>
      </Switch>
    </div>
  );
}
