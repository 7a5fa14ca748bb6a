/**
 * A status badge. The words carry the meaning; the tone repeats it in colour. `badge` stays on
 * the element as a stable hook (browser tests find statuses by it); the look is Badge.module.css.
 */
import type { JSX } from 'solid-js';
import { cx } from '../lib/cx.ts';
import styles from './Badge.module.css';

export type BadgeTone = 'neutral' | 'warning' | 'success' | 'danger' | 'muted';

export function Badge(props: {
  tone?: BadgeTone;
  size?: 'small' | 'normal' | 'large';
  children: JSX.Element;
  'data-testid'?: string;
}) {
  return (
    <span
      class={cx('badge', styles.badge, props.size === 'small' && styles.small, props.size === 'large' && styles.large, props.tone && props.tone !== 'neutral' && styles[props.tone])}
      data-testid={props['data-testid']}
    >
      {props.children}
    </span>
  );
}
