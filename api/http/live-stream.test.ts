import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followEvents, readEvents } from '../../tests/helpers/sse.ts';
import { liveChannels, openChannelCount, sseResponse, type SseChannel } from './live-stream.ts';

/** A channel's server side, as a route sees it: what it was sent, and how often its cleanup ran. */
type Opened = { channel: SseChannel; cleanups: number };

function createLiveApp() {
  const opened: Opened[] = [];
  const app = new Hono();
  app.use('*', liveChannels());
  // Headers set after the handler, as the security headers and Cache-Control middleware do.
  app.use('*', async (c, next) => { await next(); c.header('X-Frame-Options', 'DENY'); c.header('Cache-Control', 'no-store'); });
  app.get('/events', (c) => sseResponse(c, (channel) => {
    const entry = { channel, cleanups: 0 };
    opened.push(entry);
    channel.send('status', 'pending');
    return () => { entry.cleanups++; };
  }));
  return { app, opened };
}

/** Polls until `done` holds (bounded): the server sees a closed socket a moment after the client. */
async function until(done: () => boolean, timeoutMs = 5_000) {
  for (const deadline = Date.now() + timeoutMs; !done(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
  }
}

describe('live channels behind the Node server', () => {
  const { app, opened } = createLiveApp();
  let server: ServerType;
  let base = '';

  beforeAll(async () => {
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => { (server as Server).closeAllConnections(); server.close(() => resolve()); }));

  it('should send the head with every middleware header, then the events, when a route answers a channel', async () => {
    const res = await fetch(`${base}/events`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const { first, all } = followEvents(res, (e) => e.event === 'status' && e.data !== 'pending');
    expect(await first).toEqual({ event: 'status', data: 'pending' });
    const entry = opened.at(-1)!;
    entry.channel.send('status', 'approved\nby the phone');
    entry.channel.close();
    expect((await all).at(-1)).toEqual({ event: 'status', data: 'approved\nby the phone' });
    expect(entry.cleanups).toBe(1);
    expect(openChannelCount()).toBe(0);
  });

  it('should free the channel and run its cleanup once when the browser goes away', async () => {
    const aborted = new AbortController();
    const res = await fetch(`${base}/events`, { signal: aborted.signal });
    const { first } = followEvents(res, () => false);
    await first;
    const entry = opened.at(-1)!;
    expect(openChannelCount()).toBe(1);
    aborted.abort();
    await until(() => openChannelCount() === 0);
    expect(entry.cleanups).toBe(1);
    // Sent after the browser left: dropped, nothing thrown.
    entry.channel.send('status', 'approved');
    entry.channel.close();
    expect(entry.cleanups).toBe(1);
  });

  it('should answer a HEAD request with the head alone and leave no channel open', async () => {
    const before = opened.length;
    const res = await fetch(`${base}/events`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(opened.length).toBe(before + 1);
    expect(opened.at(-1)!.cleanups).toBe(1);
    expect(openChannelCount()).toBe(0);
  });
});

describe('live channels called in-process', () => {
  it('should stream the same head and events from app.request when there is no Node response', async () => {
    const { app, opened } = createLiveApp();
    const res = await app.request('/events');
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const events = readEvents(res, (e) => e.data !== 'pending');
    opened[0]!.channel.send('status', 'denied');
    opened[0]!.channel.close();
    expect(await events).toEqual([{ event: 'status', data: 'pending' }, { event: 'status', data: 'denied' }]);
    expect(opened[0]!.cleanups).toBe(1);
    expect(openChannelCount()).toBe(0);
  });
});
