/**
 * [BENCH] Statements built once (db/reusable.ts) run in whichever transaction they are given,
 * however they were first built, and come back as the statement built on each call would: on
 * PostgreSQL and on the embedded PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { reusable } from '../../db/reusable.ts';
import { accounts, authenticators, units } from '../../db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
let accountId: string;

const byName = reusable('test_by_name', (ex) => ex.select({ id: accounts.id, displayName: accounts.displayName }).from(accounts)
  .where(eq(accounts.username, sql.placeholder('username'))));
const rename = reusable('test_rename', (ex) => ex.update(accounts).set({ displayName: sql.placeholder('name') as unknown as string })
  .where(eq(accounts.id, sql.placeholder('id'))).returning({ displayName: accounts.displayName }));
const withToken = reusable('test_with_token', (ex) => ex.select({ account: { id: accounts.id, username: accounts.username }, token: { id: authenticators.id } })
  .from(accounts).leftJoin(authenticators, eq(authenticators.accountId, accounts.id)).where(eq(accounts.id, sql.placeholder('id'))));

class Rollback extends Error {}

beforeAll(async () => {
  t = await createTestDatabase();
  const [unit] = await t.database.db.select({ code: units.code }).from(units).limit(1);
  [{ id: accountId }] = await t.database.db.insert(accounts).values({ username: 'REUSE1', unitCode: unit!.code, displayName: 'before' }).returning({ id: accounts.id }) as [{ id: string }];
});
afterAll(async () => { await t.drop(); });

describe('statements built once', () => {
  it('should run in the transaction it is given, though built in another one, and roll back with it', async () => {
    const { db } = t.database;
    // Built inside a transaction that is rolled back: nothing of it may stay bound there.
    await expect(db.transaction(async (tx) => {
      expect(await rename(tx, { id: accountId, name: 'first try' })).toEqual([{ displayName: 'first try' }]);
      throw new Rollback();
    })).rejects.toBeInstanceOf(Rollback);
    expect(await byName(db, { username: 'REUSE1' })).toEqual([{ id: accountId, displayName: 'before' }]);

    await expect(db.transaction(async (tx) => {
      await rename(tx, { id: accountId, name: 'second try' });
      // The same transaction sees its own change; the database outside it does not.
      expect(await byName(tx, { username: 'REUSE1' })).toEqual([{ id: accountId, displayName: 'second try' }]);
      throw new Rollback();
    })).rejects.toBeInstanceOf(Rollback);
    expect(await byName(db, { username: 'REUSE1' })).toEqual([{ id: accountId, displayName: 'before' }]);

    await db.transaction(async (tx) => { await rename(tx, { id: accountId, name: 'after' }); });
    expect(await byName(db, { username: 'REUSE1' })).toEqual([{ id: accountId, displayName: 'after' }]);
    expect(await byName(db, { username: 'NOBODY' })).toEqual([]);
  });

  it('should map rows as the statement built on each call does, a left join without a match included', async () => {
    const { db } = t.database;
    const built = await db.select({ account: { id: accounts.id, username: accounts.username }, token: { id: authenticators.id } })
      .from(accounts).leftJoin(authenticators, eq(authenticators.accountId, accounts.id)).where(eq(accounts.id, accountId));
    expect(built).toEqual([{ account: { id: accountId, username: 'REUSE1' }, token: null }]);
    expect(await withToken(db, { id: accountId })).toEqual(built);
  });

  it('should refuse a missing or null value, which a column encoder would otherwise turn into something else', async () => {
    const { db } = t.database;
    await expect(rename(db, { id: accountId, name: null })).rejects.toThrow(/no value for name/);
    await expect(rename(db, { id: accountId })).rejects.toThrow(/No value for placeholder "name"/);
    expect(await byName(db, { username: 'REUSE1' })).toEqual([{ id: accountId, displayName: 'after' }]);
  });
});
