/**
 * `npm run cluster`: the production layout on one machine. N API instances (separate processes)
 * behind nginx on one PostgreSQL database: browsers see one https origin (TLS and HTTP/2 end at
 * nginx, rendered from deploy/nginx.conf), the instances listen on 127.0.0.1 and trust one proxy.
 * The development helpers (mail catcher, identity provider, demo portal) run once, here in the
 * supervisor: their ports would clash per instance, and killing an instance must not kill them.
 * `startCluster` is also what tests/cluster drives.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, fetch } from 'undici';
import type { DevIdp } from '../api/dev/idp.ts';
import type { MailCatcher } from '../api/dev/mailcatcher.ts';
import type { DemoPortal } from '../examples/portal/server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATE = join(ROOT, 'deploy', 'nginx.conf');

export type ClusterOptions = {
  databaseUrl: string;
  /** DATA_DIR of every instance; the certificate and nginx's files go to <dataDir>/cluster. */
  dataDir: string;
  /** API instances (default 2). */
  instances?: number;
  /** nginx's https and http ports (default: free ones). */
  httpsPort?: number;
  httpPort?: number;
  /** The instances' environment before the cluster's own settings (default process.env). */
  env?: Record<string, string | undefined>;
  /** Start the mail catcher, identity provider and demo portal here (default true outside production). */
  devServices?: boolean;
  /** Where the instances' and nginx's output goes, line by line (default: stdout, prefixed). */
  output?: (source: string, line: string) => void;
};

export type ClusterInstance = {
  name: string;
  port: number;
  metricsPort: number;
  /** The running process's id (a restart changes it). */
  readonly pid: number;
  /** Whether the process is running. */
  readonly running: boolean;
  /** Send a signal; resolves when the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Start it again (after it exited) and wait until it is ready. */
  restart(): Promise<void>;
};

export type Cluster = {
  origin: string;
  /** Plain http on nginx: it only redirects to `origin`. */
  httpOrigin: string;
  /** The self-signed certificate (PEM): a client trusts it as its authority. */
  certificate: string;
  certificatePath: string;
  nginxConfigPath: string;
  instances: ClusterInstance[];
  mail?: MailCatcher;
  idp?: DevIdp;
  portal?: DemoPortal;
  stop(): Promise<void>;
};

/** A port nothing listens on now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail).listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat('/usr/sbin', '/sbin')) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** A self-signed certificate for localhost, made once with the openssl CLI. */
export function ensureCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  if (existsSync(cert) && existsSync(key)) return { cert, key };
  if (!which('openssl')) throw new Error('npm run cluster needs the openssl command to make its certificate (apt-get install openssl)');
  mkdirSync(dir, { recursive: true });
  const made = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '825',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-keyout', key, '-out', cert,
  ], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl could not make the certificate: ${made.stderr}`);
  chmodSync(key, 0o600);
  return { cert, key };
}

/** deploy/nginx.conf with its ${SOFTTOKEN_*} placeholders filled, as envsubst would; an unknown one is an error. */
export function renderNginxConfig(values: Record<string, string>, template = readFileSync(TEMPLATE, 'utf8')): string {
  return template.replace(/\$\{(SOFTTOKEN_\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`deploy/nginx.conf: no value for \${${name}}`);
    return value;
  });
}

function lines(stream: NodeJS.ReadableStream | null, each: (line: string) => void) {
  let rest = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    parts.forEach(each);
  });
  stream?.on('end', () => { if (rest) each(rest); });
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
}

/** Poll until `ok` answers true; fails when `gone` does first, or after the deadline. */
async function waitUntil(what: string, ok: () => Promise<boolean>, gone: () => boolean, deadlineMs = 90_000) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (gone()) throw new Error(`${what} exited before it was ready`);
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} was not ready within ${deadlineMs / 1000} s`);
}

/** Ready means /api/ready answers 200; an API without it yet is asked /api/health. */
async function instanceReady(port: number): Promise<boolean> {
  const ready = await fetch(`http://127.0.0.1:${port}/api/ready`);
  await ready.body?.cancel();
  if (ready.status !== 404) return ready.status === 200;
  const health = await fetch(`http://127.0.0.1:${port}/api/health`);
  await health.body?.cancel();
  return health.status === 200;
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const nginxBin = which('nginx');
  if (!nginxBin) throw new Error('nginx is not installed: npm run cluster installs it (or: apt-get install nginx; tests/ensure-env.sh does for tests)');
  const count = opts.instances ?? 2;
  const base = opts.env ?? process.env;
  const output = opts.output ?? ((source, line) => process.stdout.write(`[${source}] ${line}\n`));
  const dir = resolve(opts.dataDir, 'cluster');
  const nginxDir = join(dir, 'nginx');
  mkdirSync(nginxDir, { recursive: true });
  // nginx's workers run as nobody when started by root: they read and write under here.
  chmodSync(nginxDir, 0o755);
  const tls = ensureCertificate(join(dir, 'tls'));
  const certificate = readFileSync(tls.cert, 'utf8');
  const httpsPort = opts.httpsPort || await freePort();
  const httpPort = opts.httpPort || await freePort();
  const origin = `https://localhost:${httpsPort}`;
  // Stopped last first; the instances all at once, first of all (they drain side by side).
  const stops: Array<() => Promise<void>> = [];
  const instanceStops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    await Promise.all(instanceStops.splice(0).map((stop) => stop().catch(() => {})));
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
  };

  try {
    const devEnv: Record<string, string> = {};
    const production = base.NODE_ENV === 'production';
    const devServices = opts.devServices ?? !production;
    let mail: MailCatcher | undefined;
    let idp: DevIdp | undefined;
    if (devServices) {
      const { loadConfig } = await import('../api/config.ts');
      const dev = loadConfig({ ...base, PUBLIC_ORIGIN: origin }).dev;
      if (!base.SMTP_URL) {
        const { startMailCatcher } = await import('../api/dev/mailcatcher.ts');
        mail = await startMailCatcher({ smtpPort: dev.smtpPort, httpPort: dev.mailPort, host: '127.0.0.1' });
        stops.push(() => mail!.close());
        devEnv.SMTP_URL = mail.smtpUrl;
      }
      if (!base.PROOFING_ISSUER) {
        const clientSecret = base.PROOFING_CLIENT_SECRET ?? 'dev-secret-not-for-production';
        const { startDevIdp } = await import('../api/dev/idp.ts');
        idp = await startDevIdp({
          port: dev.idpPort, host: '127.0.0.1', clientId: base.PROOFING_CLIENT_ID ?? 'soft-token', clientSecret,
          redirectUris: [`${origin}/api/proofing/callback`],
        });
        stops.push(() => idp!.close());
        devEnv.PROOFING_ISSUER = idp.issuer;
        devEnv.PROOFING_CLIENT_SECRET = clientSecret;
      }
    }

    const instances: ClusterInstance[] = [];
    for (let i = 1; i <= count; i++) {
      const name = `a-${i}`;
      const port = await freePort();
      const metricsPort = await freePort();
      const env = {
        ...base, ...devEnv,
        NODE_ENV: base.NODE_ENV ?? 'development',
        HOST: '127.0.0.1', PORT: String(port), METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1',
        TRUST_PROXY: '1', PUBLIC_ORIGIN: origin, DATABASE_URL: opts.databaseUrl, DATA_DIR: opts.dataDir,
        INSTANCE_NAME: name, DEV_SERVICES: 'false',
        SHUTDOWN_TIMEOUT_SECONDS: base.SHUTDOWN_TIMEOUT_SECONDS ?? '10',
      };
      let child: ChildProcess | undefined;
      // Own process groups (detached): a terminal's Ctrl-C reaches the supervisor alone, which then sends SIGTERM.
      const spawnIt = async () => {
        // node itself, not the tsx wrapper: a signal sent to the pid reaches the server.
        const c = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
        child = c;
        lines(c.stdout, (l) => output(name, l));
        lines(c.stderr, (l) => output(name, l));
        await waitUntil(`instance ${name}`, () => instanceReady(port), () => c.exitCode !== null || c.signalCode !== null);
      };
      const running = () => Boolean(child && child.exitCode === null && child.signalCode === null);
      instances.push({
        name, port, metricsPort,
        get pid() { return child?.pid ?? 0; },
        get running() { return running(); },
        async kill(signal) {
          if (!child || !running()) return;
          const exited = exitOf(child);
          child.kill(signal);
          await exited;
        },
        async restart() {
          if (running()) throw new Error(`instance ${name} is still running`);
          await spawnIt();
        },
      });
      instanceStops.push(async () => {
        if (!child || !running()) return;
        const exited = exitOf(child);
        child.kill('SIGTERM');
        const deadline = (Number(env.SHUTDOWN_TIMEOUT_SECONDS) + 5) * 1000;
        const late = setTimeout(() => child?.kill('SIGKILL'), deadline);
        await exited;
        clearTimeout(late);
      });
      // The first instance migrates the database alone; the others then start side by side.
      if (i === 1) await spawnIt();
      else if (i === count) await Promise.all(instances.slice(1).map((inst) => inst.restart()));
    }

    const site = renderNginxConfig({
      SOFTTOKEN_SERVER_NAME: 'localhost',
      SOFTTOKEN_ORIGIN: origin,
      SOFTTOKEN_HTTP_LISTEN: `127.0.0.1:${httpPort}`,
      SOFTTOKEN_HTTPS_LISTEN: `127.0.0.1:${httpsPort}`,
      SOFTTOKEN_TLS_CERT: tls.cert,
      SOFTTOKEN_TLS_KEY: tls.key,
      // max_fails=0: every request may try every instance, a refused connection moving on to the next
      // at once, so an instance back from a restart is in rotation as soon as it listens.
      SOFTTOKEN_UPSTREAM_SERVERS: instances.map((inst) => `server 127.0.0.1:${inst.port} max_fails=0;`).join(' '),
    });
    writeFileSync(join(nginxDir, 'softtoken.conf'), site);
    // What /etc/nginx/nginx.conf provides in production: process settings and writable paths.
    const main = [
      'daemon off;', 'worker_processes 1;', `pid ${nginxDir}/nginx.pid;`, 'error_log stderr warn;',
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${nginxDir}/${t}_temp;`),
      `  include ${nginxDir}/softtoken.conf;`,
      '}',
    ].join('\n');
    const nginxConfigPath = join(nginxDir, 'nginx.conf');
    writeFileSync(nginxConfigPath, main + '\n');
    const nginx = spawn(nginxBin, ['-p', nginxDir, '-c', nginxConfigPath, '-e', 'stderr'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    lines(nginx.stdout, (l) => output('nginx', l));
    lines(nginx.stderr, (l) => output('nginx', l));
    stops.push(async () => {
      if (nginx.exitCode !== null || nginx.signalCode !== null) return;
      const exited = exitOf(nginx);
      nginx.kill('SIGTERM');
      await exited;
    });
    const agent = new Agent({ connect: { ca: certificate } });
    stops.push(() => agent.close());
    await waitUntil('nginx', async () => {
      const res = await fetch(`${origin}/api/health`, { dispatcher: agent });
      await res.body?.cancel();
      return res.status === 200;
    }, () => nginx.exitCode !== null || nginx.signalCode !== null, 15_000);

    let portal: DemoPortal | undefined;
    if (devServices) {
      // After the API answers through nginx: the portal reads the provider's discovery document there.
      const [{ openDatabase }, { dataKeySources }, { loadConfig }, { createLogger }, { systemClock }, { startDevDemoPortal }] = await Promise.all([
        import('../db/index.ts'), import('../api/lib/data-key.ts'), import('../api/config.ts'),
        import('../api/lib/log.ts'), import('../api/lib/clock.ts'), import('../api/dev/demo-portal.ts'),
      ]);
      const config = loadConfig({ ...base, PUBLIC_ORIGIN: origin, DATA_DIR: opts.dataDir, DATABASE_URL: opts.databaseUrl });
      const log = createLogger(config.logLevel);
      const database = await openDatabase({ url: opts.databaseUrl, keys: dataKeySources(config, log), poolSize: 2, applicationName: 'softtoken:cluster' });
      stops.push(() => database.close());
      portal = await startDevDemoPortal({ database, clock: systemClock, log, issuer: origin, port: config.dev.portalPort, host: '127.0.0.1' });
      stops.push(() => portal!.close());
    }

    return {
      origin, httpOrigin: `http://localhost:${httpPort}`, certificate, certificatePath: tls.cert, nginxConfigPath, instances, mail, idp, portal,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
