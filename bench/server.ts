/**
 * The API as its own process for `npm run bench`, forked by bench/run.ts with an IPC channel:
 * a fresh database (a new PostgreSQL database next to DATABASE_URL's, else in-memory PGlite),
 * the system started by `startSystem` without the development services, on 127.0.0.1 only.
 * On PostgreSQL every statement is counted with db/index.ts's onQuery hook (as
 * tests/integration/login-cost.test.ts defines them). The bench asks over IPC for seeded
 * accounts and for the counters; the database is dropped on exit, Ctrl-C included.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../api/config.ts';
import { GRID_SIZE, PICTURE_IDS } from '../api/domain/pictures.ts';
import { randomToken, sha256 } from '../api/lib/crypto.ts';
import { startSystem } from '../api/server.ts';
import { openDatabase } from '../db/index.ts';
import { accounts, authenticators, loginRequests } from '../db/schema.ts';
import { createPostgresDatabase, dropPostgresDatabase, TEST_DATA_KEY, TEST_KEYS } from '../tests/helpers/db.ts';
import { seedApprovedRegistration } from '../tests/helpers/fixtures.ts';
import { BENCH_ORIGIN, type Counters, type FromServer, type ToServer } from './protocol.ts';

const send = (m: FromServer) => process.send?.(m);

// Statements, transactions and round trips as login-cost.test.ts counts them (db/index.ts
// reports each statement with its transaction: BEGIN … COMMIT is one, a statement outside one is
// one). postgres.js sends what a transaction's connection was given in one turn of the event loop
// as one write (at setImmediate): statements given together (pipelined) share a round trip.
const counters: Counters = { statements: 0, transactions: 0, writes: 0, roundTrips: 0 };
const inTransaction = new Set<number>();
const sending = new Set<number>();
function onQuery(transaction: number, statement: string) {
  if (!sending.has(transaction)) {
    sending.add(transaction);
    counters.roundTrips++;
    setImmediate(() => sending.delete(transaction));
  }
  if (statement === 'begin') { inTransaction.add(transaction); counters.transactions++; return; }
  if (statement === 'commit' || statement === 'rollback') { inTransaction.delete(transaction); return; }
  counters.statements++;
  if (/^(insert|update|delete)\b/i.test(statement) || (/^with\b/i.test(statement) && /\b(insert|update|delete)\b/i.test(statement))) counters.writes++;
  if (!inTransaction.has(transaction)) counters.transactions++;
}

const dbUrl = await createPostgresDatabase('softtoken_bench');
const dataDir = mkdtempSync(join(tmpdir(), 'softtoken-bench-'));
let stopping: Promise<void> | undefined;
// Filled in as they start, so a signal during start-up stops what is running.
const running: { system?: () => Promise<void>; database?: () => Promise<void> } = {};

function stop(): Promise<void> {
  stopping ??= (async () => {
    // Open event streams hold server.close() until their clients go: give it a few seconds, no more.
    await Promise.race([running.system?.().catch(() => {}), new Promise((r) => setTimeout(r, 3_000))]);
    await running.database?.().catch(() => {});
    if (dbUrl) await dropPostgresDatabase(dbUrl).catch((err) => process.stderr.write(`bench server: drop failed: ${String(err)}\n`));
    rmSync(dataDir, { recursive: true, force: true });
  })();
  return stopping;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop().then(() => process.exit(0)));
process.on('disconnect', () => void stop().then(() => process.exit(0)));

const database = await openDatabase(dbUrl ? { url: dbUrl, keys: TEST_KEYS, onQuery } : { memory: true, keys: TEST_KEYS });
running.database = () => database.close();
const config = loadConfig({
  NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', PUBLIC_ORIGIN: BENCH_ORIGIN, TRUST_PROXY: '1',
  DATA_KEY: TEST_DATA_KEY, DATA_DIR: dataDir, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
});
const system = await startSystem(config, { database, devServices: false });
running.system = () => system.stop();

/** Desktops that only wait: accounts, tokens and pending requests written in bulk (no password, no phone). */
async function seedWaiting(n: number) {
  const out: Array<{ id: string; binding: string }> = [];
  const grid = PICTURE_IDS.slice(0, GRID_SIZE);
  for (let done = 0; done < n; done += 500) {
    const k = Math.min(500, n - done);
    const accs = await database.db.insert(accounts).values(Array.from({ length: k }, () => ({
      username: `W${randomBytes(8).toString('hex').toUpperCase()}`, unitCode: '0300200000', passwordIsInitial: false,
    }))).returning({ id: accounts.id });
    const auths = await database.db.insert(authenticators).values(accs.map((a) => ({
      accountId: a.id, webauthnUserId: randomToken(16), credentialId: randomToken(32), publicKey: randomBytes(77),
      validUntil: new Date(Date.now() + 365 * 86_400_000),
    }))).returning({ id: authenticators.id, accountId: authenticators.accountId });
    const secrets = auths.map(() => randomToken(32));
    // Ten minutes instead of two: no expiry falls inside the measured idle window.
    const rows = await database.db.insert(loginRequests).values(auths.map((a, i) => ({
      accountId: a.accountId, authenticatorId: a.id, nonce: randomToken(32), correctPicture: grid[0]!, grid,
      bindingHash: sha256(secrets[i]!), expiresAt: new Date(Date.now() + 10 * 60_000),
    }))).returning({ id: loginRequests.id });
    rows.forEach((r, i) => out.push({ id: r.id, binding: `st_binding=${secrets[i]}` }));
  }
  return out;
}

process.on('message', (m: ToServer) => {
  void (async () => {
    if (m.type === 'seedApproved') {
      const seeded: Array<{ username: string; password: string }> = [];
      for (let i = 0; i < m.n; i++) {
        const s = await seedApprovedRegistration(database);
        seeded.push({ username: s.username, password: s.initialPassword });
      }
      send({ type: 'seededApproved', accounts: seeded });
    } else if (m.type === 'seedWaiting') {
      send({ type: 'seededWaiting', requests: await seedWaiting(m.n) });
    } else if (m.type === 'gc') {
      (globalThis as { gc?: () => void }).gc?.();
      send({ type: 'collected' });
    } else if (m.type === 'counters') {
      send({ type: 'counters', counters: { ...counters } });
    } else {
      await stop();
      process.exit(0);
    }
  })().catch((err) => { process.stderr.write(`bench server: ${String(err)}\n`); process.exit(1); });
});

send({ type: 'ready', url: system.url, pid: process.pid, kind: database.kind, dbUrl });
