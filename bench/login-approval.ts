/**
 * How fast does an approval reach the waiting desktop? Two API instances on one database
 * (PostgreSQL when DATABASE_URL is set, else one PGlite): the desktop waits on instance A's
 * live channel, the phone approves on instance B; we time from the phone sending its
 * approval (assertion verification included) to the desktop's event, and from the
 * approval's commit (its HTTP response) to that event. Also argon2id's cost per check.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/login-approval.ts [rounds]
 */
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/index.ts';
import { hashPassword, verifyPassword } from '../api/lib/crypto.ts';
import { challengeFor } from '../api/domain/login-requests.ts';
import { createTestApp } from '../tests/helpers/app.ts';
import { createTestDatabase } from '../tests/helpers/db.ts';
import { followEvents } from '../tests/helpers/sse.ts';
import { activatedAccount, startLogin } from '../tests/helpers/token.ts';

const rounds = Number(process.argv[2] ?? 30);
const tdb = await createTestDatabase();
const second = tdb.url ? await openDatabase({ url: tdb.url }) : tdb.database;
const one = createTestApp(tdb.database, { TRUST_PROXY: 'true' });
const two = createTestApp(second, { TRUST_PROXY: 'true' });

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${s.at(-1)!.toFixed(1)} ms (n=${s.length})`;
};

const endToEnd: number[] = [];
const afterCommit: number[] = [];
for (let i = 0; i < rounds; i++) {
  // A fresh account per round keeps the MFA-fatigue limit out of the measurement.
  const a = await activatedAccount(one, tdb.database);
  const { body, binding } = await startLogin(one, a.username, a.password, `10.200.${i >> 8}.${i & 255}`);
  const stream = await one.request(`/api/login-requests/${body.requestId}/events`, { headers: { cookie: binding } });
  let arrived = 0;
  const events = followEvents(stream, (e) => {
    if (e.data === 'approved') arrived = performance.now();
    return e.data === 'approved';
  });
  await events.first; // the desktop listens from here on
  const [pending] = await (await two.request('/api/device/requests', { headers: { cookie: a.device } })).json();
  const response = a.phone.get(challengeFor(pending.nonce, body.picture));
  const sent = performance.now();
  const res = await two.request(`/api/device/requests/${body.requestId}/approve`, { method: 'POST', headers: { cookie: a.device }, json: { choice: body.picture, response } });
  const answered = performance.now();
  if (res.status !== 200) throw new Error(`approve failed: ${await res.text()}`);
  await events.all;
  endToEnd.push(arrived - sent);
  afterCommit.push(Math.max(0, arrived - answered));
}

const hash = await hashPassword('Kr8#wolf-Tamarind');
const argon: number[] = [];
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  await verifyPassword(hash, 'Kr8#wolf-Tamarind');
  argon.push(performance.now() - t0);
}

process.stdout.write([
  `database: ${tdb.database.kind}${tdb.url ? ' (two connection pools = two API instances)' : ' (one process)'}`,
  `phone sends approval → desktop event: ${stats(endToEnd)}`,
  `approval committed (HTTP answer) → desktop event: ${stats(afterCommit)}`,
  `argon2id verify (m=19 MiB, t=2, p=1): ${stats(argon)}`,
].join('\n') + '\n');

if (second !== tdb.database) await second.close();
await tdb.drop();
