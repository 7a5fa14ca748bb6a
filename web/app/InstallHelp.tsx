import { For, Show } from 'solid-js';
import { installPrompt, phoneSystem, promptInstall, type PhoneSystem } from './platform.ts';
import { m } from './messages.ts';
import { Badge } from '../components/Badge.tsx';
import { cx } from '../lib/cx.ts';
import app from './app.module.css';
import styles from './InstallHelp.module.css';

type Key = Parameters<typeof m>[0];
type Guide = { system: Exclude<PhoneSystem, 'other'>; title: Key; steps: Key[]; note?: Key };

const GUIDES: Guide[] = [
  { system: 'android', title: 'install.android.title', steps: ['install.android.1', 'install.android.2', 'install.android.3', 'install.android.4'] },
  {
    system: 'ios', title: 'install.ios.title', steps: ['install.ios.1', 'install.ios.2', 'install.ios.3', 'install.ios.4'],
    note: 'install.ios.note',
  },
];

function Steps(props: { guide: Guide }) {
  return (
    <>
      <ol>
        <For each={props.guide.steps}>{(step) => <li>{m(step)}</li>}</For>
      </ol>
      <Show when={props.guide.note}>{(note) => <p class="notice notice-warning">{m(note())}</p>}</Show>
    </>
  );
}

/**
 * First-run help, shown while the app runs in a browser tab: how to add it to the home
 * screen. This phone's system comes first and open; the other one folded away. iOS needs
 * it before notifications can work at all.
 */
export function InstallHelp() {
  const system = phoneSystem();
  const mine = GUIDES.find((g) => g.system === system);
  const others = GUIDES.filter((g) => g !== mine);
  return (
    <section class={app.card} aria-labelledby="install-heading">
      <h2 id="install-heading">{m('install.heading')}</h2>
      <p>{m('install.why')}</p>
      <Show when={system === 'other'}>
        <p class="notice notice-info">{m('install.desktop', { appUrl: `${location.origin}/app` })}</p>
      </Show>
      <Show when={installPrompt()}>
        <div class={app.actions}>
          <button type="button" class="button big" onClick={() => void promptInstall()}>{m('install.button')}</button>
        </div>
      </Show>
      <Show when={mine}>
        {(guide) => (
          <div class={cx('install-guide', styles.guide)} data-system={guide().system}>
            <h3>
              {m(guide().title)}
              <Badge tone="success">{m('install.yours')}</Badge>
            </h3>
            <Steps guide={guide()} />
          </div>
        )}
      </Show>
      <For each={others}>
        {(guide) => (
          <details class={cx('install-guide', styles.guide)} data-system={guide.system} open={system === 'other'}>
            <summary>{m(guide.title)}</summary>
            <Steps guide={guide} />
          </details>
        )}
      </For>
    </section>
  );
}
