/**
 * The system under e2e test, started by Playwright's webServer: the real server with its
 * development identity provider and mail catcher, on a fresh PostgreSQL database when
 * DATABASE_URL is set (dropped on exit), else on an in-memory PGlite.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../api/config.ts';
import { startSystem } from '../../api/server.ts';
import { SYSTEM_ACTOR } from '../../api/domain/audit.ts';
import { createUnit } from '../../api/domain/units.ts';
import { createPostgresDatabase, dropPostgresDatabase } from '../helpers/db.ts';
import { startControl } from './control.ts';
import { E2E } from './env.ts';

const databaseUrl = await createPostgresDatabase('softtoken_e2e');
const dataDir = await mkdtemp(join(tmpdir(), 'softtoken-e2e-'));

const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: String(E2E.port),
  PUBLIC_ORIGIN: E2E.origin,
  DATABASE_URL: databaseUrl,
  DATA_DIR: dataDir,
  LOG_LEVEL: 'warn',
  DEV_IDP_PORT: String(E2E.idpPort),
  DEV_MAIL_PORT: String(E2E.mailPort),
  DEV_SMTP_PORT: String(E2E.smtpPort),
  DEV_PORTAL_PORT: String(E2E.portalPort),
  PHISHING_RESISTANT_UNITS: E2E.passkeyOnlyUnit,
});

const system = await startSystem(config, { memoryDb: !databaseUrl });
// The passkey-only unit is not a demo unit: no other spec's accounts fall under its policy.
await createUnit(system.database.db, {
  code: E2E.passkeyOnlyUnit, ministry: 'กระทรวงการคลัง', department: 'กรมบัญชีกลาง', name: 'หน่วยทดสอบพาสคีย์',
}, SYSTEM_ACTOR);
const control = await startControl(system.database, E2E.controlPort);
process.stdout.write(
  `e2e system at ${config.publicOrigin} on ${databaseUrl ? `PostgreSQL ${new URL(databaseUrl).pathname.slice(1)}` : 'in-memory PGlite'}\n`,
);

let stopping = false;
async function shutdown() {
  // Playwright signals the whole process group, so tsx may relay the same signal again.
  if (stopping) return;
  stopping = true;
  await control.close();
  await system.stop();
  if (databaseUrl) await dropPostgresDatabase(databaseUrl);
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
