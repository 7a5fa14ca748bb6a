/**
 * What /api/ready asks the database, in one statement: it answers at all, which migration it
 * has, and a NOTIFY the asking instance must hear back.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { rawRows, type Executor } from '../index.ts';

/** The newest migration this build knows: drizzle records its journal `when` as `created_at`. */
export const BUILD_MIGRATION: number = (() => {
  const journal = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations', 'meta', '_journal.json');
  const { entries } = JSON.parse(readFileSync(journal, 'utf8')) as { entries: Array<{ when: number }> };
  return Math.max(...entries.map((e) => e.when));
})();

export type ReadinessFacts = { newestMigration: number | undefined };

export async function readReadinessFacts(ex: Executor, probe: { channel: string; payload: string }): Promise<ReadinessFacts> {
  const [row] = await rawRows(ex, sql`
    select
      pg_notify(${probe.channel}, ${probe.payload}) as notified,
      (select max(created_at) from drizzle.__drizzle_migrations)::text as newest_migration`);
  const newest = row?.newest_migration;
  return { newestMigration: typeof newest === 'string' ? Number(newest) : undefined };
}
