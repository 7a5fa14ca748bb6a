/** Small pieces every console page uses: loading / error / empty states and the pager. */
import { onCleanup, Show, type JSX, type Resource } from 'solid-js';
import { api, ApiError } from '../lib/api.ts';
import { openLiveStream } from '../lib/live.ts';
import { t } from './messages.ts';
import { pageCount } from './format.ts';

export function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : String(error);
}

/**
 * Renders `children` with the resource's value (an accessor: refetches update in place) once ready; a status line while it
 * loads, an alert with a retry when it fails. Never suspends the page.
 */
export function Loaded<T>(props: { resource: Resource<T>; retry: () => void; children: (value: () => T) => JSX.Element }) {
  return (
    <>
      <Show when={props.resource.loading && props.resource.state !== 'refreshing'}>
        <p class="loading" role="status">{t('state.loading')}</p>
      </Show>
      <Show when={props.resource.state === 'errored'}>
        <div class="notice notice-error" role="alert">
          <p>{t('state.error', { message: errorText(props.resource.error) })}</p>
          <button type="button" class="button small secondary" onClick={() => props.retry()}>{t('state.retry')}</button>
        </div>
      </Show>
      <Show when={props.resource.state === 'ready' || props.resource.state === 'refreshing' ? props.resource.latest : undefined}>
        {(value) => props.children(value)}
      </Show>
    </>
  );
}

export function Empty(props: { children?: JSX.Element }) {
  return <p class="empty" role="status">{props.children ?? t('state.empty')}</p>;
}

export function Pager(props: { total: number; page: number; pageSize: number; onPage: (page: number) => void }) {
  const pages = () => pageCount(props.total, props.pageSize);
  return (
    <nav class="pager" aria-label={t('page.label')}>
      <p role="status">{t('page.summary', { total: props.total, page: props.page, pages: pages() })}</p>
      <div class="actions">
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
