/**
 * How to sign in with the phone's passkey from a computer (issue #15): Bluetooth on, the
 * browser's own "use a phone or tablet" window as Chrome, Edge and Safari show it, the QR
 * code, and what to do when it fails. The pictures are drawn here (no screenshots to keep
 * current), labelled for screen readers.
 */
import { For } from 'solid-js';
import { A } from '@solidjs/router';
import { t } from './messages.ts';
import styles from './PasskeyHelp.module.css';

type Browser = 'chrome' | 'edge' | 'safari';

const DIALOGS: Record<Browser, { name: string; title: string; lines: string[]; choice: string }> = {
  chrome: { name: 'Google Chrome', title: 'Use a saved passkey for this site', lines: ['Choose a device with a saved passkey'], choice: 'Use a phone or tablet' },
  edge: { name: 'Microsoft Edge', title: 'Windows Security', lines: ['Choose where to use the passkey'], choice: 'iPhone, iPad, or Android device' },
  safari: { name: 'Safari', title: 'Sign in with a passkey', lines: ['Other Options'], choice: 'iPhone, iPad, or Android device' },
};

/** A small QR-like pattern: the browser shows a real one, this only says where it appears. */
const QR_CELLS = [
  [0, 0], [1, 0], [2, 0], [0, 1], [2, 1], [0, 2], [1, 2], [2, 2], [4, 0], [5, 1], [4, 2], [6, 0], [6, 2],
  [0, 4], [2, 4], [1, 5], [0, 6], [1, 6], [2, 6], [4, 4], [5, 5], [6, 4], [4, 6], [6, 6], [5, 3], [3, 5], [3, 1],
];

function DialogPicture(props: { browser: Browser }) {
  const d = DIALOGS[props.browser];
  return (
    <svg class={styles.dialog} viewBox="0 0 320 200" role="img" aria-label={t('pictureLabel', { browser: d.name })}>
      <rect class={styles.window} x="1" y="1" width="318" height="198" rx="10" />
      <rect class={styles.bar} x="2" y="2" width="316" height="30" rx="9" />
      <text class={styles.title} x="14" y="22">{d.title}</text>
      <For each={d.lines}>{(line, i) => <text class={styles.text} x="14" y={52 + i() * 16}>{line}</text>}</For>
      <rect class={styles.choice} x="14" y="66" width="180" height="28" rx="6" />
      <text class={styles.choiceText} x="24" y="84">{d.choice}</text>
      <text class={styles.text} x="14" y="122">Scan this QR code with</text>
      <text class={styles.text} x="14" y="138">the phone's camera</text>
      <g transform="translate(214 80)">
        <For each={QR_CELLS}>{([x, y]) => <rect class={styles.qr} x={x! * 12} y={y! * 12} width="12" height="12" />}</For>
      </g>
      {/* Bluetooth: the phone must be near the computer. */}
      <path class={styles.bluetooth} d="M30 160 l10 8 -10 8 v-26 l10 8 -10 8" />
      <text class={styles.text} x="50" y="172">Bluetooth on</text>
    </svg>
  );
}

export default function PasskeyHelpPage() {
  return (
    <section class="page" aria-labelledby="passkey-help-heading">
      <h1 id="passkey-help-heading" tabindex="-1">{t('heading')}</h1>
      <p class="lead">{t('intro')}</p>

      <h2>{t('beforeHeading')}</h2>
      <ul>
        <li>{t('before.bluetooth')}</li>
        <li>{t('before.internet')}</li>
        <li>{t('before.phone')}</li>
      </ul>

      <h2>{t('stepsHeading')}</h2>
      <ol>
        <li>{t('step.1')}</li>
        <li>{t('step.2')}</li>
        <li>{t('step.3')}</li>
        <li>{t('step.4')}</li>
      </ol>
      <p class="muted">{t('step.next')}</p>

      <h2>{t('picturesHeading')}</h2>
      <div class={styles.pictures}>
        <For each={['chrome', 'edge', 'safari'] as const}>
          {(browser) => (
            <figure class={styles.figure}>
              <DialogPicture browser={browser} />
              <figcaption>{t(`${browser}.caption`)}</figcaption>
            </figure>
          )}
        </For>
      </div>

      <h2>{t('troubleHeading')}</h2>
      <ul>
        <li>{t('trouble.bluetooth')}</li>
        <li>{t('trouble.none')}</li>
        <li>{t('trouble.policy')}</li>
      </ul>

      <p><A href="/">{t('back')}</A></p>
    </section>
  );
}
