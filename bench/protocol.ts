/** What bench/run.ts and the API process it forks (bench/server.ts) say to each other over IPC. */

/** The public origin the bench's server believes it has: WebAuthn and the Origin check use it. */
export const BENCH_ORIGIN = 'http://localhost:3000';

export type ToServer =
  | { type: 'seedApproved'; n: number }
  | { type: 'seedWaiting'; n: number }
  | { type: 'counters' }
  /** Collect garbage before a memory reading (the server runs with --expose-gc). */
  | { type: 'gc' }
  | { type: 'stop' };
export type Counters = { statements: number; transactions: number; writes: number; /** writes to the database's socket: BEGIN and COMMIT count, pipelined statements share one */ roundTrips: number };
export type FromServer =
  | { type: 'ready'; url: string; pid: number; kind: 'postgres' | 'pglite'; dbUrl?: string }
  | { type: 'seededApproved'; accounts: Array<{ username: string; password: string }> }
  | { type: 'seededWaiting'; requests: Array<{ id: string; binding: string }> }
  | { type: 'counters'; counters: Counters }
  | { type: 'collected' };

