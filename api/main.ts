/** `npm start`: run everything with embedded defaults and print every URL. */
import { loadConfig, ConfigError } from './config.ts';
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
    `  Health                ${config.publicOrigin}/api/health`,
    `  Database              ${system.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}`,
  ];
  if (system.idp) lines.push(`  Identity provider     ${system.idp.issuer}/.well-known/openid-configuration  (test citizens: see README)`);
  if (system.portal) lines.push(`  Demo portal           ${system.portal.url}/  (OpenID Connect client)`);
  if (system.mail) lines.push(`  Mail catcher          ${system.mail.webUrl}  (SMTP ${system.mail.smtpUrl})`);
  process.stdout.write(lines.join('\n') + '\n\n');
  const shutdown = async () => { await system.stop(); process.exit(0); };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
