/** `npm start`: run everything with embedded defaults and print every URL. */
import { listAccounts } from '../db/queries/accounts.ts';
import { loadConfig, ConfigError } from './config.ts';
import { DEMO_UNITS } from './domain/units.ts';
import { startSystem } from './server.ts';

try {
  const system = await startSystem(loadConfig());
  const { config } = system;
  const lines = [
    '',
    'Soft Token is running',
    `  Desktop portal        ${config.publicOrigin}/`,
    `  Officer console       ${config.publicOrigin}/officer`,
    `  Phone authenticator   ${config.publicOrigin}/app`,
    `  Health                ${config.publicOrigin}/api/health  (load balancers probe /api/ready)`,
    `  Database              ${system.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}`,
  ];
  if (system.idp) lines.push(`  Identity provider     ${system.idp.issuer}/.well-known/openid-configuration  (test citizens: see README)`);
  if (system.portal) lines.push(`  Demo portal           ${system.portal.url}/  (OpenID Connect client)`);
  if (system.mail) lines.push(`  Mail catcher          ${system.mail.webUrl}  (SMTP ${system.mail.smtpUrl})`);
  const officers = await listAccounts(system.database.db, { kind: 'officer' }, { page: 1, pageSize: 1 });
  if (officers.total === 0) {
    // A first start has no one to sign in to the console: say how to make that person.
    const dir = process.env.DATA_DIR && system.database.kind === 'pglite' ? config.dataDir : undefined;
    // The CLI finds the same embedded database only when told the same DATA_DIR.
    const admin = `${dir ? `DATA_DIR=${/^[\w./-]+$/.test(dir) ? dir : `'${dir}'`} ` : ''}npm run admin --`;
    lines.push(
      '',
      'No officer account yet. Create the first one (in another terminal, while this keeps running),',
      'with the officer\'s own name and 13-digit national ID:',
      `  ${admin} create-officer --unit 0300400004 --name "สมศรี ผู้ดูแล" --national-id 3100100123451 --roles officer,reviewer,admin`,
      `It prints a username and an initial password, shown once: sign in with them at ${config.publicOrigin}/officer.`,
      `--unit is one of the seeded units (${DEMO_UNITS.map((u) => u.code).join(', ')}), or a unit made first with:`,
      `  ${admin} create-unit --code <10 digits> --ministry "…" --department "…" --name "…"`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n\n');
  // SIGTERM (systemd, a rolling restart) or Ctrl-C: drain, then exit 0; past the deadline 1.
  // A second signal exits at once.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    // Whatever hangs past the deadline (a database that went away mid-close), the process still ends.
    setTimeout(() => process.exit(1), config.instance.shutdownTimeoutMs + 10_000).unref();
    system.shutdown().then(({ clean }) => process.exit(clean ? 0 : 1), () => process.exit(1));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
