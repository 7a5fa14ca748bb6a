/**
 * [BENCH] Statements built once (db/reusable.ts) run in whichever transaction they are given,
 * however they were first built, and come back as the statement built on each call would: on
 * PostgreSQL and on the embedded PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { columnValue, reusable } from '../../db/reusable.ts';
import { rawRows } from '../../db/index.ts';
import { accounts, auditEvents, authenticators, units } from '../../db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let t: TestDatabase;
let accountId: string;

const byName = reusable('test_by_name', (ex) => ex.select({ id: accounts.id, displayName: accounts.displayName }).from(accounts)
  .where(eq(accounts.username, sql.placeholder('username'))));
const rename = reusable('test_rename', (ex) => ex.update(accounts).set({ displayName: columnValue<string>('name') })
  .where(eq(accounts.id, sql.placeholder('id'))).returning({ displayName: accounts.displayName }));
const withToken = reusable('test_with_token', (ex) => ex.select({ account: { id: accounts.id, username: accounts.username }, token: { id: authenticators.id } })
  .from(accounts).leftJoin(authenticators, eq(authenticators.accountId, accounts.id)).where(eq(accounts.id, sql.placeholder('id'))));

const note = reusable('test_note', (ex) => ex.insert(auditEvents).values({
  actorKind: 'system', action: columnValue<string>('action'), details: columnValue<Record<string, unknown>>('details'),
}).returning({ id: auditEvents.id }));
const suspend = reusable('test_suspend', (ex) => ex.update(accounts).set({ passwordSuspendedAt: columnValue<Date>('at') })
  .where(eq(accounts.id, sql.placeholder('id'))).returning({ passwordSuspendedAt: accounts.passwordSuspendedAt }));

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

  it('should keep a null value SQL NULL where the column encoder would change it, encode the others as drizzle does, and refuse a missing one', async () => {
    const { db } = t.database;
    // A null timestamp would throw in its encoder, a null jsonb would become JSON null.
    const [none] = await note(db, { action: 'test.reusable', details: null });
    const [some] = await note(db, { action: 'test.reusable', details: { picked: 'cat', n: 2 } });
    const stored = await rawRows(db, sql`select id, details is null as sql_null, details from audit_events where id in (${none!.id}, ${some!.id}) order by id`);
    expect(stored.map((r) => [r.sql_null, r.details])).toEqual([[true, null], [false, { picked: 'cat', n: 2 }]]);
    const when = new Date('2026-11-30T08:00:00.000Z');
    expect(await suspend(db, { id: accountId, at: when })).toEqual([{ passwordSuspendedAt: when }]);
    expect(await suspend(db, { id: accountId, at: null })).toEqual([{ passwordSuspendedAt: null }]);
    await expect(rename(db, { id: accountId })).rejects.toThrow(/no value for name/);
    expect(await byName(db, { username: 'REUSE1' })).toEqual([{ id: accountId, displayName: 'after' }]);
  });
});
