/**
 * The one shape of every live channel a page listens to: Server-Sent Events relaying
 * NOTIFY-driven updates (from any API instance) for some keys, with keep-alive pings.
 * A burst of updates collapses into one event carrying the latest detail.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Channel, LiveHub } from '../services/live.ts';

const PING_MS = 25_000;

export function liveStream(
  c: Context, live: LiveHub,
  input: { sources: Array<[Channel, string]>; event: string },
): Response {
  return streamSSE(c, async (stream) => {
    let wake: (() => void) | undefined;
    const queue: string[] = [];
    const onUpdate = (detail: string) => { queue.push(detail); wake?.(); };
    const unsubscribes = await Promise.all(input.sources.map(([channel, key]) => live.subscribe(channel, key, onUpdate)));
    stream.onAbort(() => { unsubscribes.forEach((u) => u()); wake?.(); });
    await stream.writeSSE({ event: 'ready', data: '' });
    while (!stream.aborted) {
      if (!queue.length) await new Promise<void>((r) => { wake = r; setTimeout(r, PING_MS); });
      wake = undefined;
      if (stream.aborted) break;
      const latest = queue.splice(0).at(-1);
      await stream.writeSSE(latest === undefined ? { event: 'ping', data: '' } : { event: input.event, data: latest });
    }
  });
}
