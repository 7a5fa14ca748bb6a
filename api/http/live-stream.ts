/**
 * The one shape of every live channel a page listens to: Server-Sent Events relaying
 * NOTIFY-driven updates (from any API instance) for some keys, with keep-alive pings.
 * A channel is a bare ReadableStream fed synchronously by its listener: an idle channel holds
 * no timer, no pending promise and no transform stream of its own, and does no database work.
 */
import type { Context } from 'hono';
import type { Channel, LiveHub } from '../services/live.ts';

const PING_MS = 25_000;
const encoder = new TextEncoder();
const PING = encoder.encode('event: ping\ndata: \n\n');

export type SseChannel = {
  /** Queue one event (dropped once the channel is closed). */
  send(event: string, data: string): void;
  /** End the response; the cleanup runs once. */
  close(): void;
};

type OpenChannel = { controller: ReadableStreamDefaultController<Uint8Array>; closed: boolean; end(): void };

// One interval pings every open channel of this instance.
const open = new Set<OpenChannel>();
let ticker: NodeJS.Timeout | undefined;
/** Set once the process shuts down: each channel, even one opened since, ends with this retry hint. */
let closingWith: (() => number) | undefined;

function pingAll() {
  for (const ch of open) {
    try {
      ch.controller.enqueue(PING);
    } catch {
      open.delete(ch);
    }
  }
}

/** Live channels open on this instance (metrics). */
export function openChannelCount(): number {
  return open.size;
}

/**
 * Shutdown: end every live channel of this process, and any opened from now on, telling each
 * browser to reconnect after `retryMs()` (through the load balancer, so to another instance).
 * Answers how many were open.
 */
export function closeAllChannels(retryMs: () => number): number {
  closingWith = retryMs;
  const count = open.size;
  for (const ch of [...open]) ch.end();
  return count;
}

function track(ch: OpenChannel) {
  open.add(ch);
  if (!ticker) {
    ticker = setInterval(pingAll, PING_MS);
    ticker.unref();
  }
}

function untrack(ch: OpenChannel) {
  open.delete(ch);
  if (!open.size && ticker) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

/**
 * A Server-Sent Events response. `start` gets the channel once the response exists and answers
 * the cleanup, run once when the channel closes or the browser goes away.
 */
export function sseResponse(c: Context, start: (channel: SseChannel) => () => void): Response {
  let cleanup: (() => void) | undefined;
  const state = { closed: false, end: () => channel.close() } as OpenChannel;
  const finish = () => {
    if (state.closed) return;
    state.closed = true;
    untrack(state);
    cleanup?.();
  };
  const channel: SseChannel = {
    send(event, data) {
      if (state.closed) return;
      const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`).join('\n');
      state.controller.enqueue(encoder.encode(`event: ${event}\n${lines}\n\n`));
    },
    close() {
      if (state.closed) return;
      // The browser's EventSource reconnects by itself after this many milliseconds.
      if (closingWith) state.controller.enqueue(encoder.encode(`retry: ${closingWith()}\n\n`));
      finish();
      state.controller.close();
    },
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      state.controller = controller;
      track(state);
      cleanup = start(channel);
      // Closed from within `start`: the cleanup was not known yet when `finish` ran.
      if (state.closed) cleanup();
      else if (closingWith) channel.close();
    },
    cancel: finish,
  });
  return c.body(body, 200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
}

export function liveStream(
  c: Context, live: LiveHub,
  input: { sources: Array<[Channel, string]>; event: string },
): Promise<Response> {
  return (async () => {
    let channel: SseChannel | undefined;
    const unsubscribes = await Promise.all(input.sources.map(([source, key]) => live.subscribe(source, key, (detail) => channel?.send(input.event, detail))));
    return sseResponse(c, (ch) => {
      channel = ch;
      ch.send('ready', '');
      return () => unsubscribes.forEach((u) => u());
    });
  })();
}
