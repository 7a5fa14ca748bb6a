/**
 * First run: `npm start` holds the embedded database, and `npm run admin` still works, through
 * the server's local admin channel (api/services/admin-channel.ts). The real `npm start`
 * entry point and the real CLI run as child processes on a PGlite in a temporary DATA_DIR.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config.ts';
import { dataKeySources } from '../../api/lib/data-key.ts';
import { createLogger } from '../../api/lib/log.ts';
import { adminSocketPath, MAX_REQUEST_BYTES } from '../../api/services/admin-channel.ts';
import { openDatabase } from '../../db/index.ts';
import { accounts, auditEvents } from '../../db/schema.ts';
import { TEST_DATA_KEY } from '../helpers/db.ts';
import { freePort } from '../../deploy/cluster.ts';

type Run = { status: number | null; stdout: string; stderr: string };
/** `url` to call it; `origin` as it names itself (PUBLIC_ORIGIN's default). */
type Server = { child: ChildProcess; output: () => string; url: string; origin: string };

const dataDir = mkdtempSync(join(tmpdir(), 'st-first-run-'));
const aloneDir = mkdtempSync(join(tmpdir(), 'st-first-run-alone-'));
const socketPath = adminSocketPath(dataDir);

/** The environment a newcomer has: development, the embedded database, no DATA_KEY. */
function envFor(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATA_KEY: _key, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'development', DATA_DIR: dir, LOG_LEVEL: 'info', ...extra };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const admin = (dir: string, args: string[], extra: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', 'api/cli/admin.ts', ...args], envFor(dir, extra));

/**
 * `api/main.ts`, as `npm start` runs it after the build, on free ports; resolves once it printed
 * its URLs. Node itself with tsx's loader, not the tsx wrapper, so a SIGKILL reaches the server.
 */
async function startServer(): Promise<Server> {
  const [port, idp, mail, smtp, portal] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    env: envFor(dataDir, {
      HOST: '127.0.0.1', PORT: String(port), DEV_IDP_PORT: String(idp), DEV_MAIL_PORT: String(mail),
      DEV_SMTP_PORT: String(smtp), DEV_PORTAL_PORT: String(portal),
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  await new Promise<void>((resolve, reject) => {
    const check = () => { if (/Soft Token is running[\s\S]*?\n\n/.test(out)) resolve(); };
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${out}`)));
  });
  return { child, output: () => out, url: `http://127.0.0.1:${port}`, origin: `http://localhost:${port}` };
}

function stopServer(server: Server, signal: NodeJS.Signals): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.child.once('exit', () => resolve());
    server.child.kill(signal);
  });
}

let server: Server;
beforeAll(async () => { server = await startServer(); }, 120_000);
afterAll(async () => {
  await stopServer(server, 'SIGTERM');
  for (const dir of [dataDir, aloneDir]) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('first run on the embedded database', () => {
  it('should print the create-officer command to copy when no officer exists yet', () => {
    const out = server.output();
    expect(out).toContain('No officer account yet.');
    expect(out).toContain(`DATA_DIR=${dataDir} npm run admin -- create-officer --unit 0300400004 --name "สมศรี ผู้ดูแล" --national-id 3100100123451 --roles officer,reviewer,admin`);
    expect(out).toContain(`DATA_DIR=${dataDir} npm run admin -- create-unit --code <10 digits>`);
    expect(out).toContain(`sign in with them at ${server.origin}/officer`);
  });

  it('should serve the admin channel on a socket only the same OS user can open when the server holds the database', () => {
    const stat = statSync(socketPath);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(stat.uid).toBe(process.getuid!());
  });

  it('should create the officer, who can then sign in, when the printed command runs while the server runs', async () => {
    const line = /^ {2}(DATA_DIR=\S+ npm run admin -- create-officer .*)$/m.exec(server.output())?.[1];
    expect(line).toBeDefined();
    const result = await run('sh', ['-c', line!], envFor(dataDir));
    expect(result.status, result.stderr).toBe(0);
    // npm prints its own banner first; the CLI's answer is one JSON line.
    const json = result.stdout.split('\n').filter((l) => l.startsWith('{'));
    expect(json).toHaveLength(1);
    const officer = JSON.parse(json[0]!) as { username: string; initialPassword: string; roles: string[] };
    expect(officer.username).toMatch(/^O0300400004\d{4}$/);
    expect(officer.initialPassword).toHaveLength(12);
    expect(officer.roles).toEqual(['officer', 'reviewer', 'admin']);

    const login = (password: string) => fetch(`${server.url}/api/auth/login`, {
      method: 'POST', headers: { origin: server.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ username: officer.username, password }),
    });
    const signedIn = await login(officer.initialPassword);
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toEqual({ next: 'change_password' });
    expect((await login('not-the-password')).status).toBe(401);
    // The server's log names the command, never its arguments (a national ID here).
    const logged = server.output().split('\n').filter((l) => l.includes('admin command run over the local channel'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('"command":"create-officer"');
    expect(logged[0]).toContain('"exitCode":0');
    expect(server.output()).not.toContain('"3100100123451"');
  }, 90_000);

  it('should print the same error and exit code through the channel as without it when the command is wrong', async () => {
    const wrong = ['create-officer', '--unit', '0300200000', '--name', 'ผู้ทดสอบ'];
    // A DATA_KEY, so that the CLI alone on a new directory does not warn that it generated one.
    const [viaServer, alone] = await Promise.all([
      admin(dataDir, wrong, { DATA_KEY: TEST_DATA_KEY }),
      admin(aloneDir, wrong, { DATA_KEY: TEST_DATA_KEY }),
    ]);
    expect(viaServer).toEqual({ status: 2, stdout: '', stderr: '--national-id: required\n' });
    expect(viaServer).toEqual(alone);
    expect(await admin(dataDir, ['create-account', '--unit', '1234567890'])).toEqual({ status: 2, stdout: '', stderr: 'Unknown unit 1234567890\n' });
  }, 90_000);

  it('should answer nothing when a request is too large or not a command', async () => {
    const ask = (body: string) => new Promise<string>((resolve) => {
      let answer = '';
      const socket = createConnection(socketPath, () => socket.end(body));
      socket.on('data', (chunk: Buffer) => { answer += chunk.toString('utf8'); });
      socket.on('error', () => {});
      socket.on('close', () => resolve(answer));
    });
    expect(await ask(JSON.stringify({ argv: ['create-unit', '--name', 'x'.repeat(MAX_REQUEST_BYTES)] }))).toBe('');
    expect(await ask('create-account --unit 0300200000')).toBe('');
    expect(await ask(JSON.stringify({ argv: 'create-account' }))).toBe('');
  });

  it('should replace a crashed run\'s socket and print no create-officer command when an officer exists', async () => {
    await stopServer(server, 'SIGKILL');
    expect(statSync(socketPath).isSocket()).toBe(true);
    server = await startServer();
    expect(server.output()).toContain('Soft Token is running');
    expect(server.output()).not.toContain('create-officer');
    const staff = await admin(dataDir, ['create-account', '--unit', '0300200000']);
    expect(staff.status, staff.stderr).toBe(0);
    expect(JSON.parse(staff.stdout)).toMatchObject({ username: expect.stringMatching(/^A0300200000\d{4}$/) });
  }, 180_000);

  it('should remove the socket when the server stops and leave each channel command audited as the system', async () => {
    await stopServer(server, 'SIGTERM');
    expect(existsSync(socketPath)).toBe(false);
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
    const database = await openDatabase({ dataDir, keys: dataKeySources(config, createLogger('silent')) });
    try {
      const created = await database.db.select({ kind: auditEvents.actorKind, actor: auditEvents.actorAccountId, username: accounts.username })
        .from(auditEvents).innerJoin(accounts, eq(accounts.id, auditEvents.subjectAccountId))
        .where(eq(auditEvents.action, 'account.create'));
      expect(created).toHaveLength(2);
      expect(created.every((e) => e.kind === 'system' && e.actor === null)).toBe(true);
      expect(created.map((e) => e.username[0]).sort()).toEqual(['A', 'O']);
    } finally {
      await database.close();
    }
  }, 60_000);
});
