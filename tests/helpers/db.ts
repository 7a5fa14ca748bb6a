/**
 * Test databases: with DATABASE_URL set, a fresh PostgreSQL database per call (created on
 * the same server, dropped by `drop`); without it, an in-memory PGlite.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { sealPlainColumns } from '../../db/data-keys.ts';
import { openDatabase, throwawayKey, throwawayKeySource, type Database } from '../../db/index.ts';
import { provenNames } from '../../api/domain/proofing.ts';
import { seedDemoUnits } from '../../api/domain/units.ts';

export const usingPostgres = Boolean(process.env.DATABASE_URL);

/** The key-encryption key of this process's test databases (as DATA_KEY would be); every open in the process uses it. */
export const TEST_KEYS = { source: throwawayKeySource() };
/** The same key as DATA_KEY, for the admin CLI run against a test database. */
export const TEST_DATA_KEY = throwawayKey().key.toString('base64');

export type TestDatabase = { database: Database; url?: string; drop(): Promise<void> };

/** A new, empty, migrated database with the demo units. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = await createPostgresDatabase();
  const database = await openDatabase(url ? { url, keys: TEST_KEYS } : { memory: true, keys: TEST_KEYS });
  // As the server does at start: the database in its final shape (no plain columns left).
  await sealPlainColumns(database.db, { namesOf: provenNames });
  await seedDemoUnits(database.db);
  return {
    database,
    url,
    async drop() {
      await database.close();
      if (url) await dropPostgresDatabase(url);
    },
  };
}

/** Create an empty PostgreSQL database next to DATABASE_URL's; undefined without it. */
export async function createPostgresDatabase(prefix = 'softtoken_test'): Promise<string | undefined> {
  const base = process.env.DATABASE_URL;
  if (!base) return undefined;
  const name = `${prefix}_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropPostgresDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const adminUrl = new URL(url);
  adminUrl.pathname = new URL(process.env.DATABASE_URL!).pathname;
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end();
  }
}
