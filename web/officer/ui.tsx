/** Small pieces every console page uses: empty states, the pager, live queues, copy buttons. Loading and errors: components/Loaded.tsx. */
import { createSignal, onCleanup, type JSX } from 'solid-js';
import { cx } from '../lib/cx.ts';
import { api } from '../lib/api.ts';
import { openLiveStream } from '../lib/live.ts';
import { t } from './messages.ts';
import { pageCount } from './format.ts';
import ui from './ui.module.css';

import { errorText } from '../lib/error-text.ts';
import { TextAreaField } from '../components/Form.tsx';
import type { FieldError } from '../components/field-messages.ts';

export { errorText };

/** A table's own scroll area: named, and reachable by keyboard to scroll it (WCAG 2.1.1). */
export function TableScroll(props: { label: string; children: JSX.Element }) {
  return <div class={ui.tableWrap} role="region" tabindex="0" aria-label={props.label}>{props.children}</div>;
}

export function Empty(props: { children?: JSX.Element }) {
  return <p class={ui.empty} role="status">{props.children ?? t('state.empty')}</p>;
}

/** Copies a value shown once (an initial password, a client secret); `label` names it for screen readers. */
export function CopyButton(props: { value: string; label: string }) {
  const [copied, setCopied] = createSignal(false);
  return (
    <button
      type="button"
      class="button small secondary"
      aria-label={`${t('copy')} ${props.label}`}
      onClick={async () => {
        await navigator.clipboard?.writeText(props.value).then(() => setCopied(true), () => setCopied(false));
      }}
    >
      {copied() ? t('copied') : t('copy')}
    </button>
  );
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

/**
 * Values the server sends masked (national IDs), fetched in full on demand; the server
 * records every look in the audit log.
 */
export function createReveal<T>(load: () => Promise<T>) {
  const [full, setFull] = createSignal<T | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<unknown>();
  async function toggle() {
    if (full()) {
      setFull(null);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const value = await load();
      setFull(() => value);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }
  // Words made when shown, so they follow a language switch.
  const error = () => (failure() === undefined ? '' : errorText(failure()));
  return { full, busy, error, toggle };
}

/** The "show"/"hide" button of a masked value, with a hint that each look is recorded. */
export function RevealButton(props: { reveal: { full: () => unknown; busy: () => boolean; toggle: () => Promise<void> }; show: string; hide: string; hint: string }) {
  return (
    <>
      {' '}
      <button type="button" class="button small secondary" disabled={props.reveal.busy()} aria-describedby="show-national-id-hint" onClick={() => void props.reveal.toggle()}>
        {props.reveal.full() ? props.hide : props.show}
      </button>
      <span class="visually-hidden" id="show-national-id-hint">{props.hint}</span>
    </>
  );
}

/** The reason an officer gives for refusing (a registration, a service request): required, up to 1,000 characters. */
export function ReasonField(props: { ref: (el: HTMLTextAreaElement) => void; label: string; hint: string; error?: FieldError; value: string; onInput: (v: string) => void }) {
  return (
    <TextAreaField ref={props.ref} id="reason" class={ui.reasonField} label={props.label} required rows={3} maxLength={1000}
      hint={props.hint} error={props.error} value={props.value} onInput={props.onInput} />
  );
}
