/**
 * [BENCH] Transactions on PostgreSQL (db/index.ts, pipelinedTransaction): BEGIN goes out with the
 * transaction's first statements instead of waiting for its own answer, counted here as the
 * writes PostgreSQL receives through a relay in front of it. And what that must not cost: a
 * failed statement still rolls everything back, savepoints still work, and a transaction whose
 * connection dies (the server ended it) fails without leaving the pool short of that connection.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, rawRows, type Database } from '../../db/index.ts';
import { accounts, units } from '../../db/schema.ts';
import { createPostgresDatabase, dropPostgresDatabase, TEST_KEYS, usingPostgres } from '../helpers/db.ts';

let url: string;
let relay: Server;
let database: Database;
/** The database's own connection, beside the relayed pool: to look and to end the pool's sessions. */
let admin: Database;
/** Chunks of bytes PostgreSQL has received from the pool so far. */
let writes = 0;
const sockets = new Set<Socket>();
let unitCode: string;

beforeAll(async () => {
  if (!usingPostgres) return;
  url = (await createPostgresDatabase('softtoken_transactions'))!;
  const target = new URL(url);
  relay = createServer((client) => {
    const server = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    sockets.add(client);
    client.on('data', (chunk) => { writes++; server.write(chunk); });
    server.on('data', (chunk) => client.write(chunk));
    const end = () => { client.destroy(); server.destroy(); sockets.delete(client); };
    client.on('close', end).on('error', end);
    server.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  const relayed = new URL(url);
  relayed.port = String((relay.address() as { port: number }).port);
  admin = await openDatabase({ url, keys: TEST_KEYS });
  // One pooled connection: a connection lost and not given back would stop everything after it.
  database = await openDatabase({ url: relayed.toString(), keys: TEST_KEYS, poolSize: 1, listenUrl: url });
  const [unit] = await admin.db.insert(units).values({ code: 'TX1', name: 'Transactions', department: 'Test', ministry: 'Test' }).returning({ code: units.code });
  unitCode = unit!.code;
});
afterAll(async () => {
  if (!usingPostgres) return;
  await database.close();
  await admin.close();
  for (const s of sockets) s.destroy();
  await new Promise((r) => relay.close(r));
  if (url) await dropPostgresDatabase(url);
});

/** Waits until PostgreSQL has had every write sent so far (they arrive by the relay asynchronously). */
const settle = () => new Promise((r) => setTimeout(r, 30));

async function usernames(prefix: string): Promise<string[]> {
  const rows = await rawRows(admin.db, sql`select username from accounts where username like ${`${prefix}%`} order by username`);
  return rows.map((r) => String(r.username));
}

describe.skipIf(!usingPostgres)('transactions on PostgreSQL', () => {
  it('should send BEGIN with the first statements: two writes for a transaction of one round trip (three when BEGIN waited for its answer)', async () => {
    const insert = (username: string) => database.db.transaction(async (tx) => {
      await tx.insert(accounts).values({ username, unitCode });
    });
    await insert('TXA0'); // the statement's first use on the connection describes it first
    await settle();
    const before = writes;
    await insert('TXA1');
    await settle();
    expect(writes - before).toBe(2);
    // Statements sent together share BEGIN's write too.
    const again = writes;
    await database.db.transaction(async (tx) => {
      await Promise.all([tx.insert(accounts).values({ username: 'TXA2', unitCode }), tx.insert(accounts).values({ username: 'TXA3', unitCode })]);
    });
    await settle();
    expect(writes - again).toBe(2);
    expect(await usernames('TXA')).toEqual(['TXA0', 'TXA1', 'TXA2', 'TXA3']);
  });

  it('should roll back everything when a statement fails, the statements sent with BEGIN included', async () => {
    await expect(database.db.transaction(async (tx) => {
      await tx.insert(accounts).values({ username: 'TXB1', unitCode });
      await tx.insert(accounts).values({ username: 'TXB1', unitCode }); // the same username again
    })).rejects.toThrow();
    await expect(database.db.transaction(async (tx) => {
      await tx.insert(accounts).values({ username: 'TXB2', unitCode });
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await usernames('TXB')).toEqual([]);
    // The connection is usable again, outside a transaction and in one.
    await database.db.transaction(async (tx) => { await tx.insert(accounts).values({ username: 'TXB3', unitCode }); });
    expect(await usernames('TXB')).toEqual(['TXB3']);
  });

  it('should keep the outer transaction when a nested one (a savepoint) fails, and drop it with the outer one', async () => {
    await database.db.transaction(async (tx) => {
      await tx.insert(accounts).values({ username: 'TXC1', unitCode });
      await expect(tx.transaction(async (inner) => {
        await inner.insert(accounts).values({ username: 'TXC2', unitCode });
        throw new Error('inner fails');
      })).rejects.toThrow('inner fails');
      await tx.transaction(async (inner) => { await inner.insert(accounts).values({ username: 'TXC3', unitCode }); });
    });
    expect(await usernames('TXC')).toEqual(['TXC1', 'TXC3']);
    await expect(database.db.transaction(async (tx) => {
      await tx.transaction(async (inner) => { await inner.insert(accounts).values({ username: 'TXC4', unitCode }); });
      throw new Error('outer fails');
    })).rejects.toThrow('outer fails');
    expect(await usernames('TXC')).toEqual(['TXC1', 'TXC3']);
  });

  it('should fail a transaction whose connection the server ends, commit none of it, and carry on with a new connection', async () => {
    const pid = async () => Number((await rawRows(database.db, sql`select pg_backend_pid() as pid`))[0]!.pid);
    const first = await pid();
    const failed: unknown = await database.db.transaction(async (tx) => {
      await tx.insert(accounts).values({ username: 'TXD1', unitCode });
      // Ended while the transaction does something else (a signature check, …): the server rolls
      // back and closes the connection, and the pool hears of it before the next statement.
      const [me] = await rawRows(tx, sql`select pg_backend_pid() as pid`);
      await admin.db.execute(sql`select pg_terminate_backend(${Number(me!.pid)})`);
      while ((await rawRows(admin.db, sql`select 1 from pg_stat_activity where pid = ${Number(me!.pid)}`)).length) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 300));
      await tx.insert(accounts).values({ username: 'TXD2', unitCode });
    }).then(() => undefined, (err: unknown) => err);
    // drizzle wraps the error of the statement refused: the pool said the connection was lost (or,
    // had it not heard yet, the socket did).
    expect((failed as { cause?: Error }).cause?.message).toMatch(/connection to the database lost in a transaction|CONNECTION_CLOSED|ECONNRESET|EPIPE/);
    expect(await usernames('TXD')).toEqual([]);
    // The one pooled connection comes back (a new session), for transactions and statements alike.
    for (let i = 3; i < 6; i++) {
      await database.db.transaction(async (tx) => { await tx.insert(accounts).values({ username: `TXD${i}`, unitCode }); });
    }
    expect(await usernames('TXD')).toEqual(['TXD3', 'TXD4', 'TXD5']);
    expect(await pid()).not.toBe(first);
    const [found] = await database.db.select({ username: accounts.username }).from(accounts).where(eq(accounts.username, 'TXD5'));
    expect(found).toEqual({ username: 'TXD5' });
  });
});
