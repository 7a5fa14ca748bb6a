/**
 * Horizontal bars, one per age band, drawn as SVG (no chart library, nothing from a CDN).
 * The SVG is one labelled image whose name reads the whole chart; the same figures are in
 * a table beneath for anyone who prefers one.
 */
import { For } from 'solid-js';
import type { AgeBand } from '../../lib/api.ts';
import { t } from './messages.ts';
import styles from './WaitingChart.module.css';

const ROW = 44;
const LABEL_W = 150;
const BAR_W = 380;
const WIDTH = LABEL_W + BAR_W + 70;
// Older bands draw the eye (each band's colour is in the stylesheet), and each bar is labelled with its figure too.

export function WaitingChart(props: { id: string; title: string; bands: Array<{ band: AgeBand; count: number }> }) {
  const max = () => Math.max(1, ...props.bands.map((b) => b.count));
  const summary = () => props.bands.map((b) => t('chartPart', { band: t(`band.${b.band}`), n: b.count })).join(', ');
  return (
    <figure class={styles.chart}>
      <svg
        viewBox={`0 0 ${WIDTH} ${props.bands.length * ROW + 8}`}
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{summary()}</desc>
        <For each={props.bands}>
          {(b, i) => {
            const y = () => i() * ROW + 6;
            const w = () => (b.count / max()) * BAR_W;
            return (
              <g data-band={b.band}>
                <text x={LABEL_W - 10} y={y() + ROW / 2 - 2} text-anchor="end" dominant-baseline="middle" class={styles.label}>{t(`band.${b.band}`)}</text>
                <rect x={LABEL_W} y={y() + 4} width={BAR_W} height={ROW - 14} rx="4" class={styles.track} />
                <rect x={LABEL_W} y={y() + 4} width={Math.max(w(), b.count ? 3 : 0)} height={ROW - 14} rx="4" class={styles[b.band]} />
                <text x={LABEL_W + Math.max(w(), 0) + 8} y={y() + ROW / 2 - 2} dominant-baseline="middle" class={styles.value}>{b.count}</text>
              </g>
            );
          }}
        </For>
      </svg>
      <details class={styles.table}>
        <summary>{t('asTable')}</summary>
        <table>
          <caption class="visually-hidden">{props.title}</caption>
          <thead><tr><th scope="col">{t('band')}</th><th scope="col" class={styles.num}>{t('count')}</th></tr></thead>
          <tbody>
            <For each={props.bands}>{(b) => <tr><th scope="row">{t(`band.${b.band}`)}</th><td class={styles.num}>{b.count}</td></tr>}</For>
          </tbody>
        </table>
      </details>
    </figure>
  );
}
