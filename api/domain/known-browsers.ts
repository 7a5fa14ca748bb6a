/**
 * Known browsers (R-6.1): a browser that completed a login on an account gets a long-lived,
 * HttpOnly cookie whose tokens are stored only as SHA-256. Its password attempts are then
 * throttled apart from strangers', so an attacker's misses cannot lock the holder out of the
 * computer they always use. One cookie holds the tokens of a few accounts (a shared computer).
 */
import { and, eq, gt, inArray, lt, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/index.ts';
import { columnValue, reusable, reusableByCount } from '../../db/reusable.ts';
import { knownBrowsers } from '../../db/schema.ts';
import type { Clock } from '../lib/clock.ts';
import { randomToken, sha256 } from '../lib/crypto.ts';

/** Browsers keep a cookie at most 400 days; a browser unseen that long is a stranger again. */
export const KNOWN_BROWSER_TTL_MS = 399 * 86_400_000;
/** Accounts one browser is remembered for. */
const MAX_TOKENS = 5;
const TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

/** The tokens in a known-browser cookie; anything malformed is ignored. */
export function parseKnownBrowserCookie(value: string | undefined): string[] {
  if (!value) return [];
  return value.split('.').filter((t) => TOKEN.test(t)).slice(0, MAX_TOKENS);
}

/** This browser's live row for the account, among its tokens' hashes, seen since `seenSince` (no hash: matches nothing). */
export function knownBrowserOf(accountId: string | AnyPgColumn | Placeholder, tokenHashes: Array<string | Placeholder>, seenSince: Date | Placeholder): SQL | undefined {
  return and(eq(knownBrowsers.accountId, accountId), inArray(knownBrowsers.tokenHash, tokenHashes), gt(knownBrowsers.lastSeenAt, seenSince));
}

/** Seen within a browser cookie's life. */
const seenSinceAt = (now: Date) => new Date(now.getTime() - KNOWN_BROWSER_TTL_MS);

/**
 * The stored hash of this browser's token for the account, as a scalar subquery of a statement
 * that reads the account (`accountId` its column): the browser is known for it, or null. Built
 * once for each number of tokens the browser sends (db/reusable.ts): its placeholders take
 * knownBrowserValues().
 */
export function knownBrowserHash(accountId: AnyPgColumn, tokenCount: number): SQL<string | null> {
  if (!tokenCount) return sql<null>`null::text`;
  return sql<string | null>`(select ${knownBrowsers.tokenHash} from ${knownBrowsers} where ${knownBrowserOf(accountId, tokenPlaceholders(tokenCount), sql.placeholder('knownSince'))} limit 1)`;
}

/** Where the hashes of knownBrowserValues() go. */
const tokenPlaceholders = (tokenCount: number) => Array.from({ length: tokenCount }, (_, i) => sql.placeholder(`knownBrowser${i}`));

/** The values of knownBrowserHash's placeholders for this browser's tokens. */
export function knownBrowserValues(tokens: string[], now: Date): Record<string, string> {
  return { knownSince: seenSinceAt(now).toISOString(), ...Object.fromEntries(tokens.map((t, i) => [`knownBrowser${i}`, sha256(t)])) };
}

/** Periodic: forget browsers unseen for longer than a browser keeps the cookie. */
export async function forgetStaleBrowsers(ex: Executor, clock: Clock): Promise<void> {
  await ex.delete(knownBrowsers).where(lt(knownBrowsers.lastSeenAt, seenSinceAt(clock.now())));
}

/** This browser's live row for the account refreshed, if it has one: one statement for each number of tokens (their placeholders: knownBrowserValues()). */
const refresh = reusableByCount('refresh_known_browser', (tokenCount, ex) => ex.update(knownBrowsers).set({ lastSeenAt: columnValue('now') })
  .where(knownBrowserOf(sql.placeholder('accountId'), tokenPlaceholders(tokenCount), sql.placeholder('knownSince'))).returning({ tokenHash: knownBrowsers.tokenHash }));

const insertKnownBrowser = reusable('insert_known_browser', (ex) => ex.insert(knownBrowsers)
  .values({ tokenHash: columnValue('tokenHash'), accountId: columnValue('accountId'), createdAt: columnValue('now'), lastSeenAt: columnValue('now') }));

/**
 * After a completed login: remember this browser for the account (or refresh it). Returns the
 * cookie's new value: this account's token first, then the others it held, the oldest dropped.
 */
export async function rememberBrowser(
  ex: Executor, clock: Clock, input: { accountId: string; tokens: string[] },
): Promise<string> {
  const now = clock.now();
  // Found and refreshed in one statement.
  const [known] = input.tokens.length
    ? await refresh(input.tokens.length, ex, { accountId: input.accountId, now, ...knownBrowserValues(input.tokens, now) })
    : [];
  if (known) {
    const mine = input.tokens.find((t) => sha256(t) === known.tokenHash)!;
    return [mine, ...input.tokens.filter((t) => t !== mine)].join('.');
  }
  const token = randomToken(32);
  await insertKnownBrowser(ex, { tokenHash: sha256(token), accountId: input.accountId, now });
  const kept = [token, ...input.tokens].slice(0, MAX_TOKENS);
  const dropped = input.tokens.filter((t) => !kept.includes(t));
  if (dropped.length) await ex.delete(knownBrowsers).where(inArray(knownBrowsers.tokenHash, dropped.map(sha256)));
  return kept.join('.');
}
