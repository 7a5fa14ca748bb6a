/**
 * Development only: the demo relying portal (examples/portal/server.ts) started beside the API,
 * registered as the first-party client "gfmis-demo-portal". Its client id and secret are kept
 * (sealed) in `settings`, so a restart keeps the same client; a changed port updates its URIs.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/index.ts';
import type { SettingValues } from '../../db/json-types.ts';
import { findClient } from '../../db/queries/oidc-clients.ts';
import { settings } from '../../db/schema.ts';
import { startDemoPortal, type DemoPortal } from '../../examples/portal/server.ts';
import { SYSTEM_ACTOR } from '../domain/audit.ts';
import { createClient, updateClient, type ClientInput } from '../domain/oidc-clients.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/log.ts';

const KEY = 'dev-demo-portal';
const NAME = 'gfmis-demo-portal';

/** The demo portal's client for a portal on `origin`, created on first use. */
async function ensureDemoClient(database: Database, clock: Clock, origin: string): Promise<SettingValues[typeof KEY]> {
  const { db } = database;
  const input: ClientInput = {
    name: NAME, redirectUris: [`${origin}/callback`], postLogoutRedirectUris: [`${origin}/`],
    backchannelLogoutUri: `${origin}/backchannel-logout`, firstParty: true,
  };
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY));
  const kept = row?.value as SettingValues[typeof KEY] | undefined;
  const client = kept && await findClient(db, kept.clientId);
  if (kept && client) {
    if (client.redirectUris[0] !== input.redirectUris[0]) {
      await updateClient(db, clock, kept.clientId, { redirectUris: input.redirectUris, postLogoutRedirectUris: input.postLogoutRedirectUris, backchannelLogoutUri: input.backchannelLogoutUri }, SYSTEM_ACTOR, { production: false });
    }
    return kept;
  }
  const created = await createClient(db, clock, input, SYSTEM_ACTOR, { production: false });
  if (!created.ok) throw new Error(`demo portal client: ${JSON.stringify(created.fields)}`);
  const value = { clientId: created.client.id, secret: created.secret! };
  await db.insert(settings).values({ key: KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
  return value;
}

export async function startDevDemoPortal(opts: {
  database: Database; clock: Clock; log: Logger; issuer: string; port: number; host: string;
}): Promise<DemoPortal> {
  const client = await ensureDemoClient(opts.database, opts.clock, `http://localhost:${opts.port}`);
  const portal = await startDemoPortal({ port: opts.port, host: opts.host, issuer: opts.issuer, clientId: client.clientId, clientSecret: client.secret });
  opts.log.debug({ clientId: client.clientId, url: portal.url }, 'demo portal started');
  return portal;
}
