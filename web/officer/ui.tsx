/** Small pieces every console page uses: empty states, the pager, live queues. Loading and errors: components/Loaded.tsx. */
import { onCleanup, type JSX } from 'solid-js';
import { cx } from '../lib/cx.ts';
import { api } from '../lib/api.ts';
import { openLiveStream } from '../lib/live.ts';
import { t } from './messages.ts';
import { pageCount } from './format.ts';
import ui from './ui.module.css';

export { errorText } from '../components/Loaded.tsx';

export function Empty(props: { children?: JSX.Element }) {
  return <p class={ui.empty} role="status">{props.children ?? t('state.empty')}</p>;
}

export function Pager(props: { total: number; page: number; pageSize: number; onPage: (page: number) => void }) {
  const pages = () => pageCount(props.total, props.pageSize);
  return (
    <nav class={ui.pager} aria-label={t('page.label')}>
      <p role="status">{t('page.summary', { total: props.total, page: props.page, pages: pages() })}</p>
      <div class={cx('actions', ui.pagerActions)}>
        <button type="button" class="button small secondary" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
          {t('page.previous')}
        </button>
        <button type="button" class="button small secondary" disabled={props.page >= pages()} onClick={() => props.onPage(props.page + 1)}>
          {t('page.next')}
        </button>
      </div>
    </nav>
  );
}

/** Refetch whenever the officers' queues change (any instance), and after a dropped stream reopens. */
export function followQueues(refetch: () => void, onChange?: () => void) {
  let first = true;
  const stop = openLiveStream(api.officer.eventsUrl, {
    onReady: () => {
      if (first) first = false; // the page has just loaded its data
      else refetch();
    },
    onUpdate: () => {
      onChange?.();
      refetch();
    },
  });
  onCleanup(stop);
}
