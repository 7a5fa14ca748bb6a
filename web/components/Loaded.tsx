/**
 * A resource's states as the page shows them: a status line while it loads, an alert with a
 * retry when it fails, then `children` with the value. Never suspends the page.
 */
import { Show, type JSX, type Resource } from 'solid-js';
import { errorText } from '../lib/error-text.ts';
import { defineMessages } from '../lib/i18n.ts';

const t = defineMessages(
  { loading: 'กำลังโหลดข้อมูล…', error: 'ไม่สามารถโหลดข้อมูลได้: {message}', retry: 'ลองใหม่' },
  { loading: 'Loading…', error: 'Could not load the data: {message}', retry: 'Try again' },
);

/** `children` gets the value as an accessor, so a refetch updates the page in place. */
export function Loaded<T>(props: { resource: Resource<T>; retry: () => void; children: (value: () => T) => JSX.Element }) {
  return (
    <>
      <Show when={props.resource.loading && props.resource.state !== 'refreshing'}>
        <p class="loading" role="status">{t('loading')}</p>
      </Show>
      <Show when={props.resource.state === 'errored'}>
        <div class="notice notice-error" role="alert">
          <p>{t('error', { message: errorText(props.resource.error) })}</p>
          <button type="button" class="button small secondary" onClick={() => props.retry()}>{t('retry')}</button>
        </div>
      </Show>
      <Show when={props.resource.state === 'ready' || props.resource.state === 'refreshing' ? props.resource.latest : undefined}>
        {(value) => props.children(value)}
      </Show>
    </>
  );
}
