/** Read-only data as label and value pairs (<dl>): the proven fields of step 3 and the review. */
import { For, type JSX } from 'solid-js';
import { cx } from '../../lib/cx.ts';
import styles from './DataList.module.css';

export type Row = [label: string, value: JSX.Element | string | null | undefined];

export function DataList(props: { rows: Row[]; class?: string }) {
  return (
    <dl class={cx(styles.list, props.class)}>
      <For each={props.rows}>
        {([label, value]) => (
          <div>
            <dt>{label}</dt>
            <dd>{value || '-'}</dd>
          </div>
        )}
      </For>
    </dl>
  );
}
