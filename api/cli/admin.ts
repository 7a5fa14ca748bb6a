/**
 * Admin CLI: `npm run admin -- <command> [options]`. Talks to the same database as the
 * server (DATABASE_URL, or the embedded one in DATA_DIR; while `npm start` holds that one,
 * through the server's local admin channel). Prints JSON on success.
 *
 *   create-unit --code 0300200000 --ministry … --department … --name …
 *   create-account --unit 0300200000
 *   create-officer --unit 0300200000 --name "…" --national-id 1234567890123 --email a@b.c [--roles officer,reviewer,admin]
 *   reset-officer-passkey --username O03002000001001
 *   set-officer-national-id --username O03002000001001 --national-id 1234567890123
 *   rotate-data-key   (a new data key seals from now on; everything sealed before is re-encrypted in batches)
 *   create-client --name "…" --redirect-uri https://app.example/callback [--public] [--first-party]
 *   list-clients | rotate-client-secret | disable-client | enable-client --client-id <id>
 *   rotate-oidc-keys  (a new ID token signing key; the old one stays in the JWKS for OIDC_KEY_GRACE_HOURS)
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { resealAll, rotateDataKey } from '../../db/data-keys.ts';
import { DatabaseInUseError, openDatabase, type Db } from '../../db/index.ts';
import { listClients } from '../../db/queries/oidc-clients.ts';
import { ROLES } from '../../db/schema.ts';
import type { KeySource } from '../../db/sealing.ts';
import { loadConfig, type Config } from '../config.ts';
import { createAccount, setOfficerNationalId } from '../domain/accounts.ts';
import { SYSTEM_ACTOR } from '../domain/audit.ts';
import { emailSchema, nationalIdSchema, unitCodeSchema, usernameSchema } from '../domain/identifiers.ts';
import { resetOfficerPasskeys } from '../domain/officer-passkeys.ts';
import { rotateSigningKeys } from '../domain/oidc-keys.ts';
import { createClient, rotateClientSecret, setClientDisabled, type ClientFieldErrors } from '../domain/oidc-clients.ts';
import { fieldMessage } from '../lib/messages.ts';
import { systemClock, type Clock } from '../lib/clock.ts';
import { dataKeySources } from '../lib/data-key.ts';
import { createLogger } from '../lib/log.ts';
import { createUnit, seedDemoUnits } from '../domain/units.ts';
import { adminSocketPath, sendAdminCommand, type AdminOutput } from '../services/admin-channel.ts';

const USAGE = `Usage: npm run admin -- <command> [options]
  create-unit     --code <10 digits> --ministry <text> --department <text> --name <text>
  create-account  --unit <10-digit unit code>
  create-officer  --unit <10-digit unit code> --name <display name> --national-id <13 digits> [--email <email>] [--roles officer,reviewer,admin]
  reset-officer-passkey   --username <officer username>   (revokes the officer's passkeys, prints a new initial password)
  set-officer-national-id --username <officer username> --national-id <13 digits>
  rotate-data-key         (new data key for personal data; re-encrypts what older keys sealed, in batches)
  create-client   --name <text> --redirect-uri <url> [--redirect-uri <url>…] [--post-logout-redirect-uri <url>…]
                  [--backchannel-logout-uri <url>] [--public] [--first-party]
                  (an OpenID Connect client; prints its client_id and, unless --public, its client_secret, shown only this once)
  list-clients            (one JSON line per client, without secrets)
  rotate-client-secret    --client-id <id>   (prints a new client_secret; the old one stops working at once)
  disable-client          --client-id <id>
  enable-client           --client-id <id>
  rotate-oidc-keys        (a new ID token signing key; the previous one stays published for OIDC_KEY_GRACE_HOURS)`;

const CLIENT_COMMANDS = ['create-client', 'list-clients', 'rotate-client-secret', 'disable-client', 'enable-client'];

const COMMANDS = [
  'create-unit', 'create-account', 'create-officer', 'reset-officer-passkey', 'set-officer-national-id', 'rotate-data-key',
  'rotate-oidc-keys', ...CLIENT_COMMANDS,
];

type ClientFlags = {
  name?: string; 'redirect-uri'?: string[]; 'post-logout-redirect-uri'?: string[]; 'backchannel-logout-uri'?: string;
  public?: boolean; 'first-party'?: boolean; 'client-id'?: string;
};

/** Several results, printed one JSON line each. */
export class JsonLines {
  constructor(readonly lines: unknown[]) {}
}

/** The CLI flag of each client field, to name it in an error. */
const CLIENT_FLAGS: Record<string, string> = {
  name: 'name', redirectUris: 'redirect-uri', postLogoutRedirectUris: 'post-logout-redirect-uri', backchannelLogoutUri: 'backchannel-logout-uri',
};

function clientFieldsError(fields: ClientFieldErrors): UsageError {
  return new UsageError(Object.entries(fields).map(([field, code]) => `--${CLIENT_FLAGS[field] ?? field}: ${fieldMessage(code, 'en')}`).join('\n'));
}

class UsageError extends Error {}

function need<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`--${flag}: ${value === undefined ? 'required' : 'not valid'}`);
  return r.data;
}

function parseAdminArgs(argv: string[]) {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      code: { type: 'string' }, ministry: { type: 'string' }, department: { type: 'string' }, name: { type: 'string' },
      unit: { type: 'string' }, email: { type: 'string' }, roles: { type: 'string' },
      'national-id': { type: 'string' }, username: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true }, 'post-logout-redirect-uri': { type: 'string', multiple: true },
      'backchannel-logout-uri': { type: 'string' }, public: { type: 'boolean' }, 'first-party': { type: 'boolean' },
      'client-id': { type: 'string' },
    },
  });
  if (!command || !COMMANDS.includes(command)) throw new UsageError(USAGE);
  return { command, values };
}

/** What a command needs besides its database: the CLI's own, or the running server's. */
export type AdminDeps = { config: Config; keys: { source: KeySource; previous?: KeySource }; clock: Clock };

/** Run the CLI: on its own database, or, while the server holds the embedded one, through the server. */
export async function runAdmin(argv: string[], env: Record<string, string | undefined> = process.env): Promise<unknown> {
  parseAdminArgs(argv); // a wrong command fails before any database opens
  const config = loadConfig(env);
  const keys = dataKeySources(config, createLogger(config.logLevel));
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, keys });
  try {
    return await runAdminCommand(database.db, argv, { config, keys, clock: systemClock });
  } finally {
    await database.close();
  }
}

/**
 * One admin command on an open database, audited as the system. The CLI calls it, and so
 * does the server for a command sent over its admin channel (api/services/admin-channel.ts).
 */
export async function runAdminCommand(db: Db, argv: string[], deps: AdminDeps): Promise<unknown> {
  const { command, values } = parseAdminArgs(argv);
  const { config, keys, clock } = deps;
  if (command === 'rotate-data-key') {
    // Safe while the servers run: they take up the new key at once (NOTIFY), and the old
    // keys are deleted only when no value names them any more.
    const keyId = await rotateDataKey(db, keys.source);
    const resealed = await resealAll(db);
    return { keyId, resealed };
  }
  if (command === 'rotate-oidc-keys') {
    // Safe while the servers run: each reloads its keys when told (NOTIFY); tokens signed
    // with the old key keep verifying for the grace period.
    const { kid, retired, deleted } = await rotateSigningKeys(db, clock, config.oidc.keyGraceHours, SYSTEM_ACTOR);
    return { kid, retired, deleted, graceHours: config.oidc.keyGraceHours };
  }
  if (CLIENT_COMMANDS.includes(command)) {
    return await runClientCommand(db, clock, command, values, { production: config.production });
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
    const result = await db.transaction((tx) => resetOfficerPasskeys(tx, clock, username, SYSTEM_ACTOR));
    if (!result.ok) throw new UsageError(result.reason === 'not_found' ? `No account ${username}` : `${username} is not an officer`);
    return { ...result.credentials, revokedPasskeys: result.revoked };
  }
  if (command === 'set-officer-national-id') {
    const username = need(usernameSchema, values.username, 'username');
    const nationalId = need(nationalIdSchema, values['national-id'], 'national-id');
    const result = await db.transaction((tx) => setOfficerNationalId(tx, clock, { username, nationalId }, SYSTEM_ACTOR));
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
}

/** The OpenID Connect client registry (docs/oidc.md), audited as the system. */
async function runClientCommand(db: Db, clock: Clock, command: string, values: ClientFlags, opts: { production: boolean }): Promise<unknown> {
  if (command === 'create-client') {
    const result = await db.transaction((tx) => createClient(tx, clock, {
      name: values.name ?? '',
      redirectUris: values['redirect-uri'] ?? [],
      postLogoutRedirectUris: values['post-logout-redirect-uri'] ?? [],
      backchannelLogoutUri: values['backchannel-logout-uri'] ?? null,
      public: values.public ?? false,
      firstParty: values['first-party'] ?? false,
    }, SYSTEM_ACTOR, opts));
    if (!result.ok) throw clientFieldsError(result.fields);
    return result.secret === null ? { client_id: result.client.id } : { client_id: result.client.id, client_secret: result.secret };
  }
  if (command === 'list-clients') {
    const lines: unknown[] = [];
    for (let page = 1; ; page++) {
      const { items, total } = await listClients(db, {}, { page, pageSize: 100 });
      lines.push(...items);
      if (page * 100 >= total) return new JsonLines(lines);
    }
  }
  const id = need(z.string().min(1).max(64), values['client-id'], 'client-id');
  if (command === 'rotate-client-secret') {
    const result = await db.transaction((tx) => rotateClientSecret(tx, clock, id, SYSTEM_ACTOR));
    if (!result.ok) throw new UsageError(result.reason === 'not_found' ? `No client ${id}` : `${id} is a public client: it has no secret`);
    return { client_id: id, client_secret: result.secret };
  }
  const result = await db.transaction((tx) => setClientDisabled(tx, clock, id, command === 'disable-client', SYSTEM_ACTOR));
  if (!result.ok) throw new UsageError(`No client ${id}`);
  return { client_id: id, disabled: result.client.disabledAt !== null };
}

/** What the CLI prints for a result: one JSON line each. */
export function adminSuccess(out: unknown): AdminOutput {
  const lines = out instanceof JsonLines ? out.lines : [out];
  return { stdout: lines.map((line) => `${JSON.stringify(line)}\n`).join(''), stderr: '', exitCode: 0 };
}

/** What the CLI prints for a failure: the message, exit code 2 for a wrong command, 1 otherwise. */
export function adminFailure(err: unknown): AdminOutput {
  return { stdout: '', stderr: `${err instanceof Error ? err.message : String(err)}\n`, exitCode: err instanceof UsageError ? 2 : 1 };
}

async function main(argv: string[]): Promise<AdminOutput> {
  try {
    return adminSuccess(await runAdmin(argv));
  } catch (err) {
    if (err instanceof DatabaseInUseError) {
      // `npm start` holds the embedded database: its admin channel runs the command in-process.
      const answer = await sendAdminCommand(adminSocketPath(loadConfig().dataDir), argv).catch(adminFailure);
      if (answer) return answer;
    }
    return adminFailure(err);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void main(process.argv.slice(2)).then((out) => {
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
    if (out.exitCode !== 0) process.exit(out.exitCode);
  });
}
