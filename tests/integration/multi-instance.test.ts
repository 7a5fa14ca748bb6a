import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notify, openDatabase, type Database } from '../../db/index.ts';
import { accounts } from '../../db/schema.ts';
import { createAccount } from '../../api/domain/accounts.ts';
import { SYSTEM_ACTOR } from '../../api/domain/audit.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase, usingPostgres, type TestDatabase } from '../helpers/db.ts';

// Several API instances share one PostgreSQL database. PGlite is single-process,
// so this suite exists only when the tests run on PostgreSQL (as CI does).
if (usingPostgres) describe('two API instances on one PostgreSQL database', () => {
  let tdb: TestDatabase;
  let second: Database;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    second = await openDatabase({ url: tdb.url });
  });
  afterAll(async () => { await second.close(); await tdb.drop(); });

  it('should serve from the second instance what the first one wrote', async () => {
    const one = createTestApp(tdb.database);
    const two = createTestApp(second);
    const created = await createAccount(tdb.database.db, { unitCode: '0300200000' }, SYSTEM_ACTOR);
    expect(created.ok).toBe(true);
    const [seen] = await second.db.select().from(accounts).where(eq(accounts.username, created.ok ? created.credentials.username : ''));
    expect(seen?.unitCode).toBe('0300200000');
    for (const inst of [one, two]) {
      const res = await inst.request('/api/public/units/0300200000');
      expect((await res.json()).name).toBe('สำนักงานปลัดกระทรวงการคลัง');
    }
  });

  it('should deliver a NOTIFY from one instance to a listener on the other', async () => {
    let heard!: (payload: string) => void;
    const got = new Promise<string>((resolve) => { heard = resolve; });
    // listen() resolves once the LISTEN is in place: a NOTIFY from then on reaches it.
    const unlisten = await second.listen('test_channel', heard);
    await notify(tdb.database.db, 'test_channel', 'hello');
    await expect(got).resolves.toBe('hello');
    await unlisten();
  });
});

describe('live updates on the embedded database', () => {
  it('should deliver a NOTIFY to a listener on the same PGlite database', async () => {
    const database = await openDatabase({ memory: true });
    try {
      let heard!: (payload: string) => void;
      const got = new Promise<string>((resolve) => { heard = resolve; });
      await database.listen('test_channel', heard);
      await notify(database.db, 'test_channel', 'hi');
      await expect(got).resolves.toBe('hi');
    } finally {
      await database.close();
    }
    // Starting PGlite and running every migration takes seconds, and longer on a loaded CI machine.
  }, 120_000);
});
