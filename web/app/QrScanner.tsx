import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import type { Html5Qrcode } from 'html5-qrcode';
import { m } from './messages.ts';
import { cx } from '../lib/cx.ts';
import app from './app.module.css';
import styles from './QrScanner.module.css';

const REGION_ID = 'qr-scanner-region';

/**
 * The back camera reading QR codes. The library (html5-qrcode, ~300 kB) is loaded only
 * when a scanner opens. `onText` returns true to stop (the code was good), false to keep
 * scanning (the page shows why the last one was refused).
 */
export function QrScanner(props: { onText: (text: string) => boolean; onStop: () => void; onTypeInstead: () => void }) {
  const [state, setState] = createSignal<'starting' | 'running' | 'failed'>('starting');
  let scanner: Html5Qrcode | undefined;
  let closed = false;
  let done = false;

  const stop = async () => {
    const current = scanner;
    scanner = undefined;
    if (!current) return;
    try {
      if (current.isScanning) await current.stop();
      current.clear();
    } catch {
      // Already stopped (the camera went away): nothing left to release.
    }
  };

  onMount(() => void start());

  async function start() {
    try {
      const { Html5Qrcode, Html5QrcodeSupportedFormats } = await import('html5-qrcode');
      if (closed) return;
      scanner = new Html5Qrcode(REGION_ID, {
        formatsToSupport: [Html5QrcodeSupportedFormats.QR_CODE],
        // The phone's own detector (Chrome on Android) where there is one; the library's decoder elsewhere.
        useBarCodeDetectorIfSupported: true,
        verbose: false,
      });
      await scanner.start(
        { facingMode: 'environment' },
        {
          fps: 10,
          qrbox: (width, height) => {
            const side = Math.max(160, Math.floor(Math.min(width, height) * 0.7));
            return { width: side, height: side };
          },
        },
        (text) => {
          // The library keeps calling while the code stays in view: act on the first good one.
          if (done || !props.onText(text)) return;
          done = true;
          void stop();
        },
        () => undefined, // "no QR code in this frame", many times a second
      );
      if (closed) await stop();
      else setState('running');
    } catch {
      setState('failed');
      await stop();
    }
  }

  onCleanup(() => {
    closed = true;
    void stop();
  });

  return (
    <div class={styles.scanner}>
      <Show when={state() !== 'failed'}>
        <p class="muted">{state() === 'starting' ? m('scan.starting') : m('scan.hint')}</p>
      </Show>
      <div id={REGION_ID} class={cx(styles.region, state() === 'failed' && styles.failed)} role="img" aria-label={m('scan.region')} />
      <Show when={state() === 'failed'}>
        <p class="notice notice-error" role="alert">{m('scan.noCamera')}</p>
      </Show>
      <div class={cx(app.actions, app.stacked)}>
        <Show
          when={state() === 'failed'}
          fallback={<button type="button" class="button secondary" onClick={() => props.onStop()}>{m('scan.stop')}</button>}
        >
          <button type="button" class="button big" onClick={() => props.onTypeInstead()}>{m('activate.choose.type')}</button>
        </Show>
      </div>
    </div>
  );
}
