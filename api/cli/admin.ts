/**
 * Admin CLI: `npm run admin -- <command> [options]`. Talks to the same database as the
 * server (DATABASE_URL, or the embedded one in DATA_DIR). Prints JSON on success.
 *
 *   create-unit --code 0300200000 --ministry … --department … --name …
 *   create-account --unit 0300200000
 *   create-officer --unit 0300200000 --name "…" --national-id 1234567890123 --email a@b.c [--roles officer,reviewer,admin]
 *   reset-officer-passkey --username O03002000001001
 *   set-officer-national-id --username O03002000001001 --national-id 1234567890123
 *   rotate-data-key   (a new data key seals from now on; everything sealed before is re-encrypted in batches)
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { resealAll, rotateDataKey } from '../../db/data-keys.ts';
import { openDatabase } from '../../db/index.ts';
import { ROLES } from '../../db/schema.ts';
import { loadConfig } from '../config.ts';
import { createAccount, setOfficerNationalId } from '../domain/accounts.ts';
import { SYSTEM_ACTOR } from '../domain/audit.ts';
import { emailSchema, nationalIdSchema, unitCodeSchema, usernameSchema } from '../domain/identifiers.ts';
import { resetOfficerPasskeys } from '../domain/officer-passkeys.ts';
import { systemClock } from '../lib/clock.ts';
import { dataKeySources } from '../lib/data-key.ts';
import { createLogger } from '../lib/log.ts';
import { createUnit, seedDemoUnits } from '../domain/units.ts';

const USAGE = `Usage: npm run admin -- <command> [options]
  create-unit     --code <10 digits> --ministry <text> --department <text> --name <text>
  create-account  --unit <10-digit unit code>
  create-officer  --unit <10-digit unit code> --name <display name> --national-id <13 digits> [--email <email>] [--roles officer,reviewer,admin]
  reset-officer-passkey   --username <officer username>   (revokes the officer's passkeys, prints a new initial password)
  set-officer-national-id --username <officer username> --national-id <13 digits>
  rotate-data-key         (new data key for personal data; re-encrypts what older keys sealed, in batches)`;

const COMMANDS = ['create-unit', 'create-account', 'create-officer', 'reset-officer-passkey', 'set-officer-national-id', 'rotate-data-key'];

class UsageError extends Error {}

function need<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`--${flag}: ${value === undefined ? 'required' : 'not valid'}`);
  return r.data;
}

export async function runAdmin(argv: string[], env: Record<string, string | undefined> = process.env): Promise<unknown> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      code: { type: 'string' }, ministry: { type: 'string' }, department: { type: 'string' }, name: { type: 'string' },
      unit: { type: 'string' }, email: { type: 'string' }, roles: { type: 'string' },
      'national-id': { type: 'string' }, username: { type: 'string' },
    },
  });
  if (!command || !COMMANDS.includes(command)) throw new UsageError(USAGE);
  const config = loadConfig(env);
  const keys = dataKeySources(config, createLogger(config.logLevel));
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, keys });
  try {
    const { db } = database;
    if (command === 'rotate-data-key') {
      // Safe while the servers run: they take up the new key at once (NOTIFY), and the old
      // keys are deleted only when no value names them any more.
      const keyId = await rotateDataKey(db, keys.source);
      const resealed = await resealAll(db);
      return { keyId, resealed };
    }
    await seedDemoUnits(db);
    const text = z.string().trim().min(1).max(200);
    if (command === 'create-unit') {
      const result = await createUnit(db, {
        code: need(unitCodeSchema, values.code, 'code'), ministry: need(text, values.ministry, 'ministry'),
        department: need(text, values.department, 'department'), name: need(text, values.name, 'name'),
      }, SYSTEM_ACTOR);
      if (!result.ok) throw new UsageError(`Unit ${values.code} already exists`);
      return result.unit;
    }
    if (command === 'reset-officer-passkey') {
      // The only recovery of an officer's lost passkey (FLOWS §7): audited as the system.
      const username = need(usernameSchema, values.username, 'username');
      const result = await db.transaction((tx) => resetOfficerPasskeys(tx, systemClock, username, SYSTEM_ACTOR));
      if (!result.ok) throw new UsageError(result.reason === 'not_found' ? `No account ${username}` : `${username} is not an officer`);
      return { ...result.credentials, revokedPasskeys: result.revoked };
    }
    if (command === 'set-officer-national-id') {
      const username = need(usernameSchema, values.username, 'username');
      const nationalId = need(nationalIdSchema, values['national-id'], 'national-id');
      const result = await db.transaction((tx) => setOfficerNationalId(tx, systemClock, { username, nationalId }, SYSTEM_ACTOR));
      if (!result.ok) throw new UsageError(result.reason === 'not_found' ? `No account ${username}` : `${username} is not an officer`);
      return { username, nationalId };
    }
    const unitCode = need(unitCodeSchema, values.unit, 'unit');
    const officer = command === 'create-officer';
    const roles = officer
      ? need(z.array(z.enum(ROLES)).min(1), (values.roles ?? 'officer').split(',').map((r) => r.trim()), 'roles')
      : [];
    const result = await db.transaction((tx) => createAccount(tx, {
      unitCode, kind: officer ? 'officer' : 'staff', roles,
      displayName: officer ? need(text, values.name, 'name') : undefined,
      // Four-eyes needs to know who the officer is (FLOWS §7).
      nationalId: officer ? need(nationalIdSchema, values['national-id'], 'national-id') : undefined,
      email: values.email === undefined ? undefined : need(emailSchema, values.email, 'email'),
    }, SYSTEM_ACTOR));
    if (!result.ok) throw new UsageError(result.reason === 'unknown_unit' ? `Unknown unit ${unitCode}` : result.reason === 'national_id_required' ? '--national-id: not valid' : 'Username taken');
    return { ...result.credentials, ...(officer ? { roles } : {}) };
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runAdmin(process.argv.slice(2)).then(
    (out) => { process.stdout.write(`${JSON.stringify(out)}\n`); },
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
}
