/**
 * `npm run cluster [-- --instances N]`: start the production layout here (deploy/cluster.ts),
 * installing nginx and starting the local PostgreSQL when they are missing, like
 * tests/ensure-env.sh does for the tests. Ctrl-C or SIGTERM stops everything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import postgres from 'postgres';
import { startCluster } from './cluster.ts';

const DEFAULT_DATABASE = 'postgres://postgres@127.0.0.1:5432/softtoken_cluster';

function asRoot(command: string[]): boolean {
  const root = process.getuid?.() === 0;
  const [bin, ...args] = root ? command : ['sudo', ...command];
  return spawnSync(bin!, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name} || test -x /usr/sbin/${name}`], { stdio: 'ignore' }).status === 0;
}

function ensureNginx() {
  if (hasCommand('nginx')) return;
  process.stdout.write('cluster: installing nginx from Debian packages\n');
  if (!asRoot(['apt-get', 'update', '-qq']) || !asRoot(['apt-get', 'install', '-y', '-qq', 'nginx'])) {
    throw new Error('cluster: could not install nginx (apt-get install nginx)');
  }
}

/** A local server that is down is started, and the database made, as tests/ensure-env.sh does. */
async function ensureDatabase(url: string) {
  const u = new URL(url);
  if (u.hostname === '127.0.0.1' || u.hostname === 'localhost') {
    const up = () => spawnSync('pg_isready', ['-q', '-h', u.hostname, '-p', u.port || '5432']).status === 0;
    if (!up() && hasCommand('pg_ctlcluster') && existsSync('/etc/postgresql')) {
      process.stdout.write('cluster: starting PostgreSQL\n');
      asRoot(['pg_ctlcluster', '--skip-systemctl-redirect', readdirSync('/etc/postgresql').sort()[0]!, 'main', 'start']);
      for (let i = 0; i < 30 && !up(); i++) await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const name = decodeURIComponent(u.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const [found] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!found) {
      process.stdout.write(`cluster: creating database ${name}\n`);
      await sql.unsafe(`create database "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await sql.end();
  }
}

function instanceCount(): number {
  const flag = process.argv.indexOf('--instances');
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env.CLUSTER_INSTANCES;
  const n = Number(raw ?? 2);
  if (!Number.isInteger(n) || n < 1 || n > 32) throw new Error(`cluster: --instances / CLUSTER_INSTANCES must be 1–32, got ${raw}`);
  return n;
}

try {
  const instances = instanceCount();
  ensureNginx();
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE;
  await ensureDatabase(databaseUrl);
  const dataDir = process.env.DATA_DIR ?? '.data';
  const cluster = await startCluster({
    databaseUrl, dataDir, instances,
    httpsPort: Number(process.env.CLUSTER_PORT ?? 8443), httpPort: Number(process.env.CLUSTER_HTTP_PORT ?? 8080),
  });
  const { origin } = cluster;
  const out = [
    '',
    `Soft Token cluster: ${instances} API instance${instances > 1 ? 's' : ''} behind nginx, one PostgreSQL database`,
    `  Desktop portal        ${origin}/`,
    `  Officer console       ${origin}/officer`,
    `  Phone authenticator   ${origin}/app`,
    `  Health, readiness     ${origin}/api/health  ${origin}/api/ready`,
    `  Certificate           ${cluster.certificatePath}  (self-signed: trust it in the browser, passkeys need a valid one)`,
    `  nginx configuration   ${cluster.nginxConfigPath}  (rendered from deploy/nginx.conf)`,
    `  Database              ${databaseUrl.replace(/\/\/[^@/]*@/, '//')}`,
    ...cluster.instances.map((i) => `  Instance ${i.name.padEnd(12)} http://127.0.0.1:${i.port}  metrics http://127.0.0.1:${i.metricsPort}/metrics  pid ${i.pid}`),
  ];
  if (cluster.idp) out.push(`  Identity provider     ${cluster.idp.issuer}/.well-known/openid-configuration`);
  if (cluster.portal) out.push(`  Demo portal           ${cluster.portal.url}/`);
  if (cluster.mail) out.push(`  Mail catcher          ${cluster.mail.webUrl}  (SMTP ${cluster.mail.smtpUrl})`);
  out.push(
    '',
    'An officer to start with (in another terminal):',
    `  DATABASE_URL=${databaseUrl} DATA_DIR=${dataDir} npm run admin -- create-officer --unit 0300400004 --name "สมศรี ผู้ดูแล" --national-id 3100100123451 --roles officer,reviewer,admin`,
    'Stop with Ctrl-C: every instance gets SIGTERM and drains.',
  );
  process.stdout.write(out.join('\n') + '\n\n');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void cluster.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
