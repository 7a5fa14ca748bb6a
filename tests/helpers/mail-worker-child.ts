/**
 * An API instance's mail outbox worker alone, in a process of its own, so a test can SIGKILL it
 * in the middle of a send. Configured by the environment as the server is (DATABASE_URL,
 * DATA_KEY, SMTP_URL, JOB_CLAIM_SECONDS); says `ready` on stdout once it is listening.
 * Run with `node --import tsx tests/helpers/mail-worker-child.ts`.
 */
import { loadConfig } from '../../api/config.ts';
import { dataKeySources } from '../../api/lib/data-key.ts';
import { createLogger } from '../../api/lib/log.ts';
import { startOutboxWorker } from '../../api/services/mail.ts';
import { openDatabase } from '../../db/index.ts';

const config = loadConfig();
const log = createLogger(config.logLevel);
const database = await openDatabase({ url: config.databaseUrl, keys: dataKeySources(config, log) });
await startOutboxWorker({ config, database, log });
process.stdout.write('ready\n');
