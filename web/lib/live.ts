/**
 * A server-sent event stream that keeps itself open: the browser retries a dropped
 * connection on its own; a refused one (closed for good) is reopened here with backoff.
 * Each (re)open says `ready`, so the page can catch up on what it missed meanwhile.
 */
export type LiveState = 'connecting' | 'open' | 'down';

export type LiveHandlers = {
  /** The stream is (again) open: refetch, something may have changed while it was not. */
  onReady(): void;
  onUpdate(detail: string): void;
  onState?(state: LiveState): void;
};

const MAX_BACKOFF_MS = 30_000;

/** Event names: most streams say `ready` then `update`; others name their events (`status`, `request`). */
export type LiveEvents = { ready?: string; update?: string };

export function openLiveStream(url: string, handlers: LiveHandlers, events: LiveEvents = {}): () => void {
  const readyEvent = events.ready ?? 'ready';
  const updateEvent = events.update ?? 'update';
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let backoff = 1_000;
  let closed = false;

  const connect = () => {
    if (closed) return;
    handlers.onState?.('connecting');
    const es = new EventSource(url, { withCredentials: true });
    source = es;
    es.addEventListener(readyEvent, () => {
      backoff = 1_000;
      handlers.onState?.('open');
      handlers.onReady();
    });
    es.addEventListener(updateEvent, (event) => handlers.onUpdate((event as MessageEvent<string>).data));
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) {
        handlers.onState?.('down');
        timer = setTimeout(connect, backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      } else {
        handlers.onState?.('connecting');
      }
    };
  };

  connect();
  return () => {
    closed = true;
    clearTimeout(timer);
    source?.close();
  };
}
