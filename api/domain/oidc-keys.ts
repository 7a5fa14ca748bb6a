/**
 * The OpenID Connect provider's signing keys (docs/oidc.md): RSA keys kept in `oidc_keys`,
 * private parts sealed with the data key, so every instance signs with the same key. The
 * newest unretired key signs; `rotateSigningKeys` retires it and adds a new one, and a
 * retired key stays published in the JWKS for the grace period so the ID tokens it signed
 * still verify. Also the secret that signs the provider's cookies (shared the same way).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { eq, isNull, lt, sql } from 'drizzle-orm';
import { notify, type Db, type Executor } from '../../db/index.ts';
import { publishedOidcKeys } from '../../db/queries/oidc.ts';
import { oidcKeys, settings } from '../../db/schema.ts';
import type { SettingValues } from '../../db/json-types.ts';
import type { Clock } from '../lib/clock.ts';
import { recordAudit, type AuditActor } from './audit.ts';

/** Serialises key creation and rotation across instances. */
const OIDC_KEYS_LOCK = 727_014;

export const SIGNING_ALG = 'RS256';

/** Told when the keys change, so every instance reloads them. */
export const OIDC_KEYS_CHANNEL = 'oidc_keys';

function newSigningKey(): typeof oidcKeys.$inferInsert {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(12).toString('base64url');
  const meta = { kid, alg: SIGNING_ALG, use: 'sig' };
  return {
    kid, alg: SIGNING_ALG,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), ...meta },
    privateJwk: { ...privateKey.export({ format: 'jwk' }), ...meta },
  };
}

async function lock(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${OIDC_KEYS_LOCK})`);
}

/**
 * The private JWKs the provider loads: the signing key first (created on a new database),
 * then retired keys within `graceHours` (published for verification, never used to sign).
 */
export async function loadSigningKeys(db: Db, clock: Clock, graceHours: number): Promise<Array<Record<string, unknown>>> {
  return db.transaction(async (tx) => {
    await lock(tx);
    const [current] = await tx.select({ kid: oidcKeys.kid }).from(oidcKeys).where(isNull(oidcKeys.retiredAt)).limit(1);
    if (!current) await tx.insert(oidcKeys).values({ ...newSigningKey(), createdAt: clock.now() });
    const since = new Date(clock.now().getTime() - graceHours * 3600_000);
    return (await publishedOidcKeys(tx, since)).map((k) => k.privateJwk);
  });
}

/** `npm run admin -- rotate-oidc-keys`: a new signing key; the old one verifies for the grace period. */
export async function rotateSigningKeys(db: Db, clock: Clock, graceHours: number, actor: AuditActor): Promise<{ kid: string; retired: string[]; deleted: number }> {
  return db.transaction(async (tx) => {
    await lock(tx);
    const now = clock.now();
    const retired = await tx.update(oidcKeys).set({ retiredAt: now }).where(isNull(oidcKeys.retiredAt)).returning({ kid: oidcKeys.kid });
    const key = newSigningKey();
    await tx.insert(oidcKeys).values({ ...key, createdAt: now });
    // Keys past their grace period verify nothing any more.
    const gone = await tx.delete(oidcKeys).where(lt(oidcKeys.retiredAt, new Date(now.getTime() - graceHours * 3600_000))).returning({ kid: oidcKeys.kid });
    // Every instance reloads its keys (api/services/oidc-provider.ts listens).
    await notify(tx, OIDC_KEYS_CHANNEL, key.kid);
    await recordAudit(tx, actor, 'oidc.rotate_keys', { targetType: 'oidc_key', targetId: key.kid, details: { retired: retired.map((r) => r.kid), deleted: gone.length } });
    return { kid: key.kid, retired: retired.map((r) => r.kid), deleted: gone.length };
  });
}

/** The keys that sign the provider's cookies: generated once, shared by every instance. */
export async function cookieKeys(ex: Executor): Promise<string[]> {
  const value: SettingValues['oidc-cookies'] = { keys: [randomBytes(32).toString('base64url')] };
  await ex.insert(settings).values({ key: 'oidc-cookies', value }).onConflictDoNothing();
  const [row] = await ex.select().from(settings).where(eq(settings.key, 'oidc-cookies'));
  return (row!.value as SettingValues['oidc-cookies']).keys;
}
