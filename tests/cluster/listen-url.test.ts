/**
 * DATABASE_LISTEN_URL: behind PgBouncer in transaction mode the pool cannot keep a LISTEN, so
 * live updates listen on a connection of their own, to the URL given (docs/operations.md).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify, openDatabase, rawRows } from '../../db/index.ts';
import { sql } from 'drizzle-orm';
import { createPostgresDatabase, dropPostgresDatabase, usingPostgres } from '../helpers/db.ts';
import { startTempPostgres, type TempPostgres } from '../helpers/temp-postgres.ts';

let url: string;
let server: TempPostgres | undefined;

beforeAll(async () => {
  if (usingPostgres) url = (await createPostgresDatabase('softtoken_listen'))!;
  else {
    server = await startTempPostgres();
    url = server.url;
  }
}, 60_000);

afterAll(async () => {
  if (server) await server.destroy();
  else if (url) await dropPostgresDatabase(url);
});

describe('the LISTEN connection', () => {
  it('should listen on a session of its own, opened to the listen URL, when one is given', async () => {
    const name = `softtoken:t-${randomBytes(3).toString('hex')}`;
    // One server here stands in for both: PgBouncer for the pool, PostgreSQL itself for LISTEN.
    const database = await openDatabase({ url, listenUrl: url, applicationName: name, poolSize: 2 });
    try {
      let heard!: (payload: string) => void;
      const got = new Promise<string>((resolve) => { heard = resolve; });
      await database.listen('listen_url_test', heard);
      await notify(database.db, 'listen_url_test', 'approved');
      await expect(got).resolves.toBe('approved');

      const sessions = await rawRows(database.db, sql`
        select application_name as app, query from pg_stat_activity where application_name like ${`${name}%`} and query ilike 'listen%'`);
      expect(sessions.map((s) => s.app)).toEqual([`${name}:listen`]);
    } finally {
      await database.close();
    }
  });
});
