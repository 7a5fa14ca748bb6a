/**
 * [BENCH] The PostgreSQL client keeps a named statement per query text on each connection
 * (db/index.ts, preparing): one round trip a statement instead of two (describe, then execute),
 * parsed once, and statements sent together in a transaction pipelined. Bulk statements stay
 * unnamed, so an import's row counts do not pile up on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { openDatabase, rawRows, type Database } from '../../db/index.ts';
import { accounts, sessions } from '../../db/schema.ts';
import { createPostgresDatabase, dropPostgresDatabase, TEST_KEYS, usingPostgres } from '../helpers/db.ts';

let url: string | undefined;
let database: Database;
const sent: string[] = [];

beforeAll(async () => {
  if (!usingPostgres) return;
  url = await createPostgresDatabase('softtoken_statements');
  // One connection: what pg_prepared_statements shows is the session the statements ran on.
  database = await openDatabase({ url, keys: TEST_KEYS, poolSize: 1, onQuery: (_, statement) => sent.push(statement) });
});
afterAll(async () => {
  if (!usingPostgres) return;
  await database.close();
  if (url) await dropPostgresDatabase(url);
});

/** The statements this connection keeps prepared, by their text. */
async function prepared(): Promise<string[]> {
  const rows = await rawRows(database.db, sql`select statement from pg_prepared_statements`);
  return rows.map((r) => String(r.statement));
}

describe.skipIf(!usingPostgres)('statements on PostgreSQL', () => {
  it('should keep a statement with parameters prepared on its connection, in a transaction too, and run it again from there', async () => {
    const byName = () => database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'NOBODY'));
    expect(await byName()).toEqual([]);
    expect(await byName()).toEqual([]);
    const inTransaction = await database.db.transaction(async (tx) => Promise.all([
      tx.select({ id: sessions.idHash }).from(sessions).where(eq(sessions.accountId, '00000000-0000-0000-0000-000000000000')),
      tx.select({ n: sql<number>`count(*)::int` }).from(accounts).where(eq(accounts.kind, 'officer')),
    ]));
    expect(inTransaction).toEqual([[], [{ n: 0 }]]);

    const kept = await prepared();
    const accountsByName = kept.filter((s) => s.includes('from "accounts" where "accounts"."username" = $1'));
    // Once, though it ran twice: the second run used the statement the first one left.
    expect(accountsByName).toHaveLength(1);
    expect(kept.some((s) => s.includes('from "sessions" where "sessions"."account_id" = $1'))).toBe(true);
    expect(kept.some((s) => s.includes('from "accounts" where "accounts"."kind" = $1'))).toBe(true);
  });

  it('should leave a bulk statement unnamed, so each size of an import is not kept by the server', async () => {
    const many = Array.from({ length: 300 }, (_, i) => `BULK${i}`);
    expect(await database.db.select({ id: accounts.id }).from(accounts).where(inArray(accounts.username, many))).toEqual([]);
    expect(sent.some((s) => s.includes('"username" in ($1, $2,'))).toBe(true);
    expect((await prepared()).some((s) => s.includes('"username" in ($1, $2,'))).toBe(false);
  });
});
