/**
 * The one shape of every live channel a page listens to: Server-Sent Events relaying
 * NOTIFY-driven updates (from any API instance) for some keys, with keep-alive pings.
 * Behind the Node server a channel writes straight to its ServerResponse, once every middleware
 * has set its headers: an idle channel holds one small object, no web stream, no pending
 * promise, no timer and no request context of its own, and does no database work.
 */
import type { ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Channel, LiveHub } from '../services/live.ts';

const PING_MS = 25_000;
const PING = 'event: ping\ndata: \n\n';
const HEADERS = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' };

export type SseChannel = {
  /** Send one event (dropped once the channel is closed). */
  send(event: string, data: string): void;
  /** End the response; the cleanup runs once. */
  close(): void;
};

type Start = (channel: SseChannel) => () => void;
/** Where a channel's text goes: the Node response, or (called in-process) a ReadableStream. */
type Output = { write(text: string): unknown; end(): unknown };

// One interval pings every open channel of this instance.
const open = new Set<LiveChannel>();
let ticker: NodeJS.Timeout | undefined;
/** Set once the process shuts down: each channel, even one opened since, ends with this retry hint. */
let closingWith: (() => number) | undefined;
/** Channels answered by a route, started by `liveChannels` once the response's headers are final. */
const starting = new WeakMap<Context, Start>();

class LiveChannel implements SseChannel {
  closed = false;
  cleanup: (() => void) | undefined;

  constructor(private readonly out: Output) {}

  ping() {
    if (!this.closed) this.out.write(PING);
  }

  send(event: string, data: string) {
    if (this.closed) return;
    const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`).join('\n');
    this.out.write(`event: ${event}\n${lines}\n\n`);
  }

  close() {
    if (this.closed) return;
    // The browser's EventSource reconnects by itself after this many milliseconds.
    if (closingWith) this.out.write(`retry: ${closingWith()}\n\n`);
    this.finish();
    this.out.end();
  }

  /** Closed, or the browser went away: untracked, and the cleanup run, once. */
  finish() {
    if (this.closed) return;
    this.closed = true;
    open.delete(this);
    if (!open.size && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
    this.cleanup?.();
  }

  /** Tracked and started; closed at once when the process is already shutting down. */
  start(start: Start) {
    open.add(this);
    if (!ticker) {
      ticker = setInterval(pingAll, PING_MS);
      ticker.unref();
    }
    const cleanup = start(this);
    // Closed from within `start`: the cleanup was not known yet when `finish` ran.
    if (this.closed) cleanup();
    else this.cleanup = cleanup;
    if (closingWith) this.close();
  }
}

function pingAll() {
  for (const ch of open) ch.ping();
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
  for (const ch of [...open]) ch.close();
  return count;
}

/**
 * A Server-Sent Events response. `start` gets the channel once the response is written and
 * answers the cleanup, run once when the channel closes or the browser goes away.
 */
export function sseResponse(c: Context, start: Start): Response {
  starting.set(c, start);
  return c.body(null, 200, HEADERS);
}

/**
 * Outermost middleware: a channel answered by `sseResponse` starts here, once every other
 * middleware has set its headers (CSP, Cache-Control, …). Behind the Node server the head and the
 * events go straight to the ServerResponse; called in-process (tests), to a ReadableStream.
 */
export function liveChannels(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const start = starting.get(c);
    if (!start) return;
    starting.delete(c);
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    // A HEAD request gets the head alone: its channel opens and closes at once, in-process.
    if (outgoing && c.req.method !== 'HEAD') {
      startOnNode(outgoing, c.res, start);
      // This very object tells the Node adapter the response is written (c.res's setter would copy it).
      c.res = undefined;
      c.res = RESPONSE_ALREADY_SENT;
      return;
    }
    const channel = startInProcess(c, start);
    if (c.req.method === 'HEAD') channel.close();
  };
}

function startOnNode(outgoing: ServerResponse, res: Response, start: Start) {
  outgoing.writeHead(res.status, [...res.headers].flat());
  // The head and what `start` sends at once (a channel's first event) leave in one socket write, not two.
  const socket = outgoing.socket;
  socket?.cork();
  // Sent now, the head stays one flat string instead of the ~70 pieces Node built it from (~2 KB a channel).
  outgoing.flushHeaders();
  const channel = new LiveChannel(outgoing);
  outgoing.on('close', () => channel.finish());
  try {
    channel.start(start);
  } finally {
    socket?.uncork();
  }
  // The browser left before the response was written: no 'close' is coming.
  if (outgoing.destroyed) channel.finish();
}

function startInProcess(c: Context, start: Start): LiveChannel {
  const encoder = new TextEncoder();
  let channel!: LiveChannel;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      channel = new LiveChannel({ write: (text) => controller.enqueue(encoder.encode(text)), end: () => controller.close() });
      channel.start(start);
    },
    cancel: () => channel.finish(),
  });
  c.res = new Response(body, c.res);
  return channel;
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
