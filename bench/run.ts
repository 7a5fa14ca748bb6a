/**
 * `npm run bench`: a load benchmark of the API running as its own process (bench/server.ts)
 * on 127.0.0.1, driven over HTTP from here. Prints: argon2id's ceiling and full logins/s at
 * 2, 8 and 32 concurrent users (CPU, statements and transactions per login); approval →
 * desktop event with 1,000 and 10,000 waiting desktops; Web Push sends/s per core; the bytes
 * a phone downloads on its first visit to /app. See bench/README.md for what each figure means.
 *
 *   npm run bench                       # vite build, then the full run (≈ 5 minutes on 2 cores)
 *   npx tsx bench/run.ts --quick        # tiny parameters, a few seconds per section
 *   npx tsx bench/run.ts --only=login,waiting,push,assets
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { challengeFor } from '../api/domain/login-requests.ts';
import { hashPassword, verifyPassword } from '../api/lib/crypto.ts';
import { measureAssets } from './assets.ts';
import { createHttp, type BenchUser, type Http } from './client.ts';
import type { Counters, FromServer, ToServer } from './protocol.ts';
import { measurePush } from './push.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const runs = (section: string) => !only || only.includes(section);

const P = quick
  ? { argonSeconds: 1.5, loginSeconds: 3, maxLogins: 200, concurrency: [2, 8], waiting: [50, 200], idleSeconds: 3, approvals: 10, approvalSeconds: 5, pushSeconds: 2 }
  : { argonSeconds: 5, loginSeconds: 20, maxLogins: 5_000, concurrency: [2, 8, 32], waiting: [1_000, 10_000], idleSeconds: 30, approvals: 100, approvalSeconds: 30, pushSeconds: 10 };

const out = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, digits = 1) => n.toFixed(digits);
function pct(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]! : NaN);
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), n: s.length };
}
const pctLine = (xs: number[]) => { const p = pct(xs); return `p50 ${fmt(p.p50)} / p95 ${fmt(p.p95)} / p99 ${fmt(p.p99)} ms (n=${p.n})`; };

// --- The server process ------------------------------------------------------------------

let server: ChildProcess | undefined;
let http: Http | undefined;
let dbUrl: string | undefined;
let cleaning: Promise<void> | undefined;
const inbox: FromServer[] = [];
const waiting: Array<() => void> = [];

/** Stop the server (it drops its database); if it does not go within 15 s, kill it and drop the database here. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await http?.close().catch(() => {});
    const child = server;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const gone = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!gone) {
        child.kill('SIGKILL');
        if (dbUrl) {
          const { dropPostgresDatabase } = await import('../tests/helpers/db.ts');
          await dropPostgresDatabase(dbUrl).catch(() => {});
        }
      }
    }
  })();
  return cleaning;
}
let interrupted = false;
process.on('SIGINT', () => { interrupted = true; out('\ninterrupted: stopping the server and dropping its database'); void cleanup().then(() => process.exit(130)); });
process.on('SIGTERM', () => void cleanup().then(() => process.exit(143)));

function receive<T extends FromServer['type']>(type: T, timeoutMs = 600_000): Promise<Extract<FromServer, { type: T }>> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const look = () => {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) return resolve(inbox.splice(i, 1)[0] as Extract<FromServer, { type: T }>);
      if (Date.now() > deadline || !server || server.exitCode !== null) return reject(new Error(`server: no ${type} message`));
      waiting.push(look);
      setTimeout(() => { const k = waiting.indexOf(look); if (k >= 0) { waiting.splice(k, 1); look(); } }, 1_000);
    };
    look();
  });
}
const ask = <T extends FromServer['type']>(m: ToServer, reply: T) => { server!.send(m); return receive(reply); };
const counters = async (): Promise<Counters> => (await ask({ type: 'counters' }, 'counters')).counters;

// --- /proc sampling ----------------------------------------------------------------------

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);
/** CPU time (user + system, all threads) of a process in ms; 0 when it is gone or unreadable. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch { return 0; }
}
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

// PostgreSQL: the backends serving the bench database (its pool and its LISTEN connection), and its counters.
let pg: postgres.Sql | undefined;
async function backendPids(): Promise<number[]> {
  if (!pg) return [];
  const rows = await pg`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
  return rows.map((r) => Number(r.pid));
}
type DbStats = { xact: number; written: number; fetched: number; at: number };
/**
 * pg_stat_database of the bench database. Backends report their counts when idle, up to 10 s
 * late (PGSTAT_IDLE_INTERVAL): a reading at the edge of a window first waits 11 s.
 */
async function dbStats(settle = true): Promise<DbStats | undefined> {
  if (!pg) return undefined;
  if (settle) await sleep(11_000);
  const [r] = await pg`select (xact_commit + xact_rollback)::bigint as x, (tup_inserted + tup_updated + tup_deleted)::bigint as w,
    tup_fetched::bigint as f from pg_stat_database where datname = current_database()`;
  return { xact: Number(r!.x), written: Number(r!.w), fetched: Number(r!.f), at: performance.now() };
}
/** The hook counts nothing in a tree whose db/index.ts has no `onQuery` (the bench then says so). */
let hookWorks = false;
/** A window's CPU: the server process, the database backends (sampled at both ends), and this process, the load generator. */
async function cpuWindow(serverPid: number) {
  const pids0 = await backendPids();
  const before = new Map(pids0.map((p) => [p, cpuMs(p)]));
  const server0 = cpuMs(serverPid);
  const bench0 = process.cpuUsage();
  const t0 = performance.now();
  return async () => {
    // Read before the query for the backends' pids, so the bench's own figure is its load alone.
    const bench = process.cpuUsage(bench0);
    const wallMs = performance.now() - t0;
    const serverMs = cpuMs(serverPid) - server0;
    const pids = new Set([...pids0, ...(await backendPids())]);
    let database = 0;
    for (const p of pids) database += Math.max(0, cpuMs(p) - (before.get(p) ?? 0));
    return { serverMs, databaseMs: database, benchMs: (bench.user + bench.system) / 1000, wallMs };
  };
}

// --- Sections ----------------------------------------------------------------------------

type Ceiling = { rates: Record<number, number>; cpuPerVerify: number };

/** Verifies per second with 1 and 2 threads, and the CPU one verify took with 2 (ms, this process's user + system); printed unless told not to. */
async function argonCeiling(threadCounts = [1, 2], print = true): Promise<Ceiling> {
  const hash = await hashPassword('Kr8#wolf-Tamarind');
  const rates: Record<number, number> = {};
  let cpuPerVerify = 0;
  for (const threads of threadCounts) {
    let count = 0;
    const until = performance.now() + P.argonSeconds * 1000;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    // `threads` verifications in flight at all times: @node-rs/argon2 runs each on its own libuv worker thread.
    await Promise.all(Array.from({ length: threads }, async () => {
      while (performance.now() < until && count < 10_000) { await verifyPassword(hash, 'Kr8#wolf-Tamarind'); count++; }
    }));
    rates[threads] = count / ((performance.now() - t0) / 1000);
    const cpu = process.cpuUsage(cpu0);
    cpuPerVerify = (cpu.user + cpu.system) / 1000 / Math.max(1, count);
    if (print) out(`  argon2id verify (m=19 MiB, t=2, p=1), ${threads} worker thread${threads > 1 ? 's' : ''}: ${fmt(rates[threads])}/s (${count} in ${fmt((performance.now() - t0) / 1000)} s), ${fmt(cpuPerVerify, 1)} ms of CPU a verify`);
  }
  return { rates, cpuPerVerify };
}

/**
 * Each level's ratio is to the 2-thread ceiling measured just before it and just after it (their
 * mean): this shared machine's speed drifts by tens of percent within minutes, and a ceiling
 * measured once at the start would credit or blame the logins for it.
 */
async function logins(http: Http, users: BenchUser[], serverPid: number, first: Ceiling, kind: string) {
  let before = first;
  for (const c of P.concurrency) {
    const steps: Record<string, number[]> = {};
    const totals: number[] = [];
    let done = 0;
    let failed = 0;
    const s0 = await dbStats();
    const c0 = await counters();
    const window = await cpuWindow(serverPid);
    const until = performance.now() + P.loginSeconds * 1000;
    const t0 = performance.now();
    await Promise.all(users.slice(0, c).map(async (u) => {
      while (performance.now() < until && done + failed < P.maxLogins) {
        const s0 = performance.now();
        try {
          const r = await http.login(u);
          if (r.next !== 'portal') throw new Error(`login ended at ${r.next}`);
          for (const [k, v] of Object.entries(r.steps)) (steps[k] ??= []).push(v);
          totals.push(performance.now() - s0);
          done++;
        } catch (err) {
          if (++failed <= 3) out(`    login failed: ${(err as Error).message}`);
        }
      }
    }));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = await window();
    const c1 = await counters();
    const s1 = await dbStats();
    const rate = done / seconds;
    const after = await argonCeiling([2], false);
    const ceiling = (before.rates[2]! + after.rates[2]!) / 2;
    const hashMs = (before.cpuPerVerify + after.cpuPerVerify) / 2;
    out(`  ${c} concurrent users: ${fmt(rate)} logins/s (${done} in ${fmt(seconds)} s${failed ? `, ${failed} failed` : ''}), ${fmt(100 * rate / ceiling, 0)} % of the 2-thread argon2id ceiling` +
      ` (${fmt(ceiling)}/s: ${fmt(before.rates[2]!)} just before, ${fmt(after.rates[2]!)} just after)`);
    before = after;
    out(`    whole login ${pctLine(totals)}`);
    for (const [k, v] of Object.entries(steps)) out(`    ${k.padEnd(15)} ${pctLine(v)}`);
    const per = (x: number) => fmt(x / Math.max(1, done), 1);
    const busy = (ms: number) => fmt(100 * ms / cpu.wallMs / os.cpus().length, 0);
    out(`    CPU per login: server process ${per(cpu.serverMs)} ms, PostgreSQL backends ${kind === 'postgres' ? `${per(cpu.databaseMs)} ms` : 'n/a (PGlite runs inside the server)'}` +
      `, bench process (load generator) ${per(cpu.benchMs)} ms` +
      ` (machine busy ${busy(cpu.serverMs + cpu.databaseMs)} % of ${os.cpus().length} cores by server and PostgreSQL, ${busy(cpu.serverMs + cpu.databaseMs + cpu.benchMs)} % with the bench)`);
    if (kind === 'postgres') {
      // The target's other reading: everything but the hash costs no more CPU than the hash.
      const rest = (cpu.serverMs + cpu.databaseMs) / Math.max(1, done) - hashMs;
      out(`    everything but the hash: ${fmt(rest, 1)} ms of server and PostgreSQL CPU a login besides argon2id's ${fmt(hashMs, 1)} (2 threads, just before and after), ` +
        `${fmt(rest / hashMs, 2)}× the hash; ${fmt(rest + cpu.benchMs / Math.max(1, done), 1)} ms with the load generator`);
    }
    if (s0 && s1) {
      out(`    per login: ${hookWorks ? `${per(c1.statements - c0.statements)} statements, ${per(c1.transactions - c0.transactions)} transactions, ${per(c1.writes - c0.writes)} writing statements, ${per(c1.roundTrips - c0.roundTrips)} round trips (onQuery hook)`
        : 'statements n/a (this tree\'s db/index.ts has no onQuery hook)'}; ` +
        `${per(s1.xact - s0.xact)} transactions, ${per(s1.written - s0.written)} rows written, ${per(s1.fetched - s0.fetched)} rows fetched (pg_stat_database)`);
    }
  }
}

async function waitingDesktops(http: Http, users: BenchUser[], serverPid: number, kind: string) {
  const limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || 1024;
  const streams: Array<{ close(): void }> = [];
  const rssAfterGc = async () => { await ask({ type: 'gc' }, 'collected'); await sleep(500); return rssMiB(serverPid); };
  const rss0 = await rssAfterGc();
  for (const target of P.waiting) {
    // Each open desktop is one socket here and one in the server; keep room for the pool and files.
    const n = Math.min(target, limit - 500);
    if (n < target) out(`  note: ulimit -n is ${limit}: ${target} waiting desktops scaled down to ${n}`);
    const more = n - streams.length;
    if (more > 0) {
      const { requests } = await ask({ type: 'seedWaiting', n: more }, 'seededWaiting');
      const t0 = performance.now();
      for (let i = 0; i < requests.length; i += 200) {
        const opened = await Promise.all(requests.slice(i, i + 200).map(async (r) => {
          const e = await http.openEvents(r.id, r.binding);
          if ((await e.opened) !== 'pending') throw new Error('a waiting desktop is not pending');
          return e;
        }));
        streams.push(...opened);
        if (performance.now() - t0 > 300_000) throw new Error('opening waiting desktops took over 5 minutes');
      }
      out(`  ${streams.length} desktops waiting (opened in ${fmt((performance.now() - t0) / 1000)} s)`);
    }
    const rss = await rssAfterGc();
    out(`    server RSS ${fmt(rss, 0)} MiB, ${fmt((rss - rss0) / (streams.length / 1000))} MiB per 1,000 waiting (from ${fmt(rss0, 0)} MiB before any; both after a full GC)`);

    // Approvals while they wait: real users, real phones; the desktop's own stream among the crowd.
    const sent: number[] = [];
    const committed: number[] = [];
    const until = performance.now() + P.approvalSeconds * 1000;
    let k = 0;
    while (sent.length < P.approvals && performance.now() < until) {
      const u = users[k++ % users.length]!;
      const pw = await http.call('/api/auth/login', { json: { username: u.username, password: u.password }, ip: u.ip });
      const binding = pw.cookie('binding')!;
      const events = await http.openEvents(pw.body.requestId, binding);
      await events.opened;
      const approved = events.waitFor('approved');
      const pending = (await http.call('/api/device/requests', { cookie: u.device })).body as Array<{ id: string; nonce: string }>;
      const request = pending.find((r) => r.id === pw.body.requestId)!;
      const response = u.phone.get(challengeFor(request.nonce, pw.body.picture));
      const s0 = performance.now();
      await http.call(`/api/device/requests/${request.id}/approve`, { json: { choice: pw.body.picture, response }, cookie: u.device });
      const answered = performance.now();
      const at = await approved;
      sent.push(at - s0);
      committed.push(Math.max(0, at - answered));
      events.close();
      await http.call(`/api/login-requests/${request.id}/complete`, { method: 'POST', cookie: binding });
    }
    out(`    phone sends approval → desktop event: ${pctLine(sent)}`);
    out(`    approval answered (committed) → desktop event: ${pctLine(committed)}`);

    // Idle: nobody does anything; what does the database see?
    const s0 = await dbStats();
    const c0 = await counters();
    const window = await cpuWindow(serverPid);
    await sleep(P.idleSeconds * 1000);
    const cpu = await window();
    const c1 = await counters();
    // Read at once, then settled: what the backends did in the window is reported by the second reading at the latest.
    const s1 = await dbStats();
    const secs = cpu.wallMs / 1000;
    if (kind === 'postgres' && s0 && s1) {
      const between = (s1.at - s0.at) / 1000;
      out(`    idle ${fmt(secs, 0)} s: ${hookWorks ? `${fmt((c1.statements - c0.statements) / secs)} statements/s, ${fmt((c1.writes - c0.writes) / secs)} writing statements/s (onQuery hook); ` : ''}` +
        `${fmt((s1.written - s0.written) / between)} rows written/s, ${fmt((s1.xact - s0.xact) / between)} transactions/s (pg_stat_database over the ${fmt(between, 0)} s between settled readings, all idle)`);
    } else {
      out(`    idle ${fmt(secs, 0)} s: database statements not counted on PGlite`);
    }
    out(`    idle CPU: server ${fmt(cpu.serverMs / secs)} ms/s, PostgreSQL ${kind === 'postgres' ? `${fmt(cpu.databaseMs / secs)} ms/s` : 'n/a'}`);
  }
  for (const s of streams) s.close();
}

// --- Main --------------------------------------------------------------------------------

const root = fileURLToPath(new URL('..', import.meta.url));
try {
  out('Soft Token load benchmark (bench/run.ts)');
  out(`  machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load average ${os.loadavg().map((l) => fmt(l, 2)).join(' ')}, node ${process.version}, ulimit -n ${execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()}`);
  out(`  tree: ${root}${quick ? '  (--quick: tiny parameters, figures not meaningful)' : ''}`);
  out(`  parameters: ${JSON.stringify(P)}`);

  server = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BENCH_SERVER_FLAGS?.split(/\s+/).filter(Boolean) ?? [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  server.on('message', (m: FromServer) => { inbox.push(m); for (const w of waiting.splice(0)) w(); });
  const ready = await receive('ready', 120_000);
  dbUrl = ready.dbUrl;
  if (dbUrl) pg = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const preload = pg ? String((await pg`show shared_preload_libraries`)[0]?.shared_preload_libraries ?? '') : '';
  out(`  server: ${ready.url} (pid ${ready.pid}), database: ${ready.kind === 'postgres' ? `PostgreSQL ${String((await pg!`show server_version`)[0]!.server_version)}, fresh database ${new URL(dbUrl!).pathname.slice(1)}` : 'PGlite in memory inside the server process (DATABASE_URL unset)'}`);
  if (pg) out(`  statements counted in the server with db/index.ts's onQuery hook; pg_stat_statements ${preload.includes('pg_stat_statements') ? 'is loaded but not used' : 'is not loaded (shared_preload_libraries), so rows written come from pg_stat_database'}`);
  const client = createHttp(ready.url);
  http = client;

  let users: BenchUser[] = [];
  const needUsers = runs('login') || runs('waiting') ? Math.max(...P.concurrency) : 0;
  if (needUsers) {
    const t0 = performance.now();
    const { accounts } = await ask({ type: 'seedApproved', n: needUsers }, 'seededApproved');
    for (let i = 0; i < accounts.length; i += 4) {
      users.push(...await Promise.all(accounts.slice(i, i + 4).map((a, j) => client.activate(a.username, a.password, `10.200.${(i + j) >> 8}.${(i + j) & 255}`))));
    }
    hookWorks = (await counters()).statements > 0;
    out(`  prepared ${users.length} accounts with activated software phones through the API in ${fmt((performance.now() - t0) / 1000)} s`);
  }

  if (runs('login')) {
    out('\n1. Logins');
    await logins(client, users, ready.pid, await argonCeiling(), ready.kind);
  }
  if (runs('waiting')) {
    out('\n2. Waiting desktops (SSE /api/login-requests/:id/events)');
    await waitingDesktops(client, users, ready.pid, ready.kind);
  }
  users = [];
  if (runs('push')) {
    out('\n3. Web Push (the product\'s sender, createPushDelivery: RFC 8291 encryption + VAPID JWT, to a local HTTPS endpoint)');
    await measurePush(P.pushSeconds, out);
  }
  if (runs('assets')) {
    out('\n4. What the phone downloads');
    if (!existsSync(new URL('../dist/sw.js', import.meta.url))) out('  dist/ is not built: run `npx vite build` first (npm run bench does)');
    else await measureAssets(ready.url, fileURLToPath(new URL('../dist', import.meta.url)), out);
  }
  out(`\n  load average at the end ${os.loadavg().map((l) => fmt(l, 2)).join(' ')}`);
} catch (err) {
  process.exitCode = 1;
  if (!interrupted) out(`bench failed: ${(err as Error).stack ?? String(err)}`);
} finally {
  await pg?.end();
  await cleanup();
}
