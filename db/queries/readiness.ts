/**
 * What /api/ready asks the database, in one statement: it answers at all, which migration it
 * has, whether the mail outbox is stuck, and a NOTIFY the asking instance must hear back.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { rawRows, type Executor } from '../index.ts';

/** Due mail nobody has taken for this long means no instance is delivering (failed sends are rescheduled, so they never count). */
export const OUTBOX_STUCK_MINUTES = 5;

/** The newest migration this build knows: drizzle records its journal `when` as `created_at`. */
export const BUILD_MIGRATION: number = (() => {
  const journal = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations', 'meta', '_journal.json');
  const { entries } = JSON.parse(readFileSync(journal, 'utf8')) as { entries: Array<{ when: number }> };
  return Math.max(...entries.map((e) => e.when));
})();

export type ReadinessFacts = { newestMigration: number | undefined; outboxStuck: boolean };

export async function readReadinessFacts(ex: Executor, probe: { channel: string; payload: string }): Promise<ReadinessFacts> {
  const [row] = await rawRows(ex, sql`
    select
      pg_notify(${probe.channel}, ${probe.payload}) as notified,
      (select max(created_at) from drizzle.__drizzle_migrations)::text as newest_migration,
      exists (
        select 1 from mail_outbox
        where sent_at is null
          and next_attempt_at < now() - make_interval(mins => ${OUTBOX_STUCK_MINUTES})
          and (locked_until is null or locked_until < now())
      ) as outbox_stuck`);
  const newest = row?.newest_migration;
  return { newestMigration: typeof newest === 'string' ? Number(newest) : undefined, outboxStuck: row?.outbox_stuck === true };
}
