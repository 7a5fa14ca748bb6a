/**
 * Draining the HTTP server on shutdown: refuse new connections (the load balancer then tries
 * another instance), let the requests in flight finish, each answered with `Connection: close`,
 * end the live channels with a retry hint, and close keep-alive connections as they fall idle.
 */
import type { Server, ServerResponse } from 'node:http';
import { closeAllChannels } from './live-stream.ts';

/** Browsers come back after 0.5–1.5 s: spread, so they do not all reconnect in the same instant. */
export const retryHintMs = () => 500 + Math.floor(Math.random() * 1000);

export type HttpDrain = {
  /** Resolves once every connection has ended. */
  drain(): Promise<{ liveChannels: number }>;
  /** Past the deadline: cut whatever is still open. */
  cut(): void;
};

export function drainable(server: Server): HttpDrain {
  const responses = new Set<ServerResponse>();
  let draining = false;
  const closeIdle = () => setImmediate(() => server.closeIdleConnections());
  // First in line, before the application writes anything.
  server.prependListener('request', (_req, res: ServerResponse) => {
    responses.add(res);
    res.once('close', () => responses.delete(res));
    if (draining) {
      res.setHeader('Connection', 'close');
      res.once('finish', closeIdle);
    }
  });

  return {
    async drain() {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of responses) {
        if (!res.headersSent) res.setHeader('Connection', 'close');
        // Headers already sent with keep-alive (a live channel): close the connection once it is idle.
        res.once('finish', closeIdle);
      }
      const liveChannels = closeAllChannels(retryHintMs);
      await closed;
      return { liveChannels };
    },
    cut() {
      server.closeAllConnections();
    },
  };
}
