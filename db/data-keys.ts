/**
 * The data keys of db/sealing.ts kept in `data_keys`: loaded at start (created on first
 * start), rotated by `npm run admin -- rotate-data-key`, and what an upgrade found in clear
 * sealed in batches. Every instance reloads the keys when another one rotates them.
 */
import { and, eq, getTableName, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { rawRows, type Db, type Executor } from './index.ts';
import {
  accounts, dataKeys, documents, oidcClients, oidcKeys, persons, proofingSessions, registrations, serviceRequests, settings,
} from './schema.ts';
import {
  addDataKey, blindIndex, currentDataKeyId, heldKeys, newDataKeyId, newKey, setIndexKey, type KeySource,
} from './sealing.ts';
import type { ProvenIdentity } from './json-types.ts';

export const DATA_KEYS_CHANNEL = 'data_keys';

/** Every sealed column, by table: what rotation re-encrypts and what a dump test scans. */
export const SEALED_COLUMNS: Array<{ table: PgTable; id: PgColumn; columns: Record<string, PgColumn> }> = [
  { table: accounts, id: accounts.id, columns: { nationalId: accounts.nationalId } },
  {
    table: persons, id: persons.id,
    columns: { nationalId: persons.nationalId, birthDate: persons.birthDate, address: persons.address, mobile: persons.mobile, phone: persons.phone },
  },
  { table: registrations, id: registrations.id, columns: { nationalId: registrations.nationalId, proofedClaims: registrations.proofedClaims, personal: registrations.personal } },
  { table: proofingSessions, id: proofingSessions.id, columns: { claims: proofingSessions.claims } },
  { table: documents, id: documents.id, columns: { content: documents.content } },
  { table: serviceRequests, id: serviceRequests.id, columns: { requester: serviceRequests.requester } },
  { table: settings, id: settings.key, columns: { value: settings.value } },
  { table: oidcClients, id: oidcClients.id, columns: { secret: oidcClients.secret } },
  { table: oidcKeys, id: oidcKeys.kid, columns: { privateJwk: oidcKeys.privateJwk } },
];

/** Serialises key creation and rotation across instances. */
const KEYS_LOCK = 727_001;

/**
 * Load every data key into this process, creating the first data key and the index key on
 * a new database. A key wrapped by `previous` (the old DATA_KEY during a change of
 * key-encryption key) is re-wrapped by `source`.
 */
export async function loadDataKeys(db: Db, source: KeySource, previous?: KeySource): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${KEYS_LOCK})`);
    const rows = await tx.select().from(dataKeys);
    if (!rows.some((r) => r.purpose === 'index')) rows.push(await createKey(tx, source, 'index'));
    if (!rows.some((r) => r.purpose === 'data' && !r.retiredAt)) rows.push(await createKey(tx, source, 'data'));
    // Keys are only ever added in a process (a test process may hold several databases'); the
    // newest unretired data key of this database seals from now on.
    const live = rows.filter((r) => r.purpose === 'data' && !r.retiredAt).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const currentId = live.at(-1)!.id;
    for (const row of rows) {
      const key = await unwrap(tx, row, source, previous);
      if (row.purpose === 'index') setIndexKey(row.id, key);
      else addDataKey(row.id, key, { current: row.id === currentId });
    }
  });
}

async function unwrap(ex: Executor, row: typeof dataKeys.$inferSelect, source: KeySource, previous?: KeySource): Promise<Buffer> {
  if (row.kekId === source.id) return source.unwrap(Buffer.from(row.wrapped));
  if (previous && row.kekId === previous.id) {
    const key = previous.unwrap(Buffer.from(row.wrapped));
    await ex.update(dataKeys).set({ wrapped: source.wrap(key), kekId: source.id }).where(eq(dataKeys.id, row.id));
    return key;
  }
  throw new Error(
    `Data key ${row.id} is wrapped by key-encryption key ${row.kekId}, which is neither DATA_KEY (${source.id})`
    + `${previous ? ` nor DATA_KEY_PREVIOUS (${previous.id})` : ''}. Set DATA_KEY to the key this database was created with.`,
  );
}

/** A new key; on a new database, the one this process already holds (one process, one set of keys). */
async function createKey(ex: Executor, source: KeySource, purpose: 'data' | 'index', fresh = false) {
  const held = fresh ? undefined : purpose === 'index' ? heldKeys().index : heldKeys().current;
  const { id, key } = held ?? { id: newDataKeyId(), key: newKey() };
  const [row] = await ex.insert(dataKeys).values({ id, purpose, wrapped: source.wrap(key), kekId: source.id }).returning();
  return row!;
}

/** Start sealing new values with a new data key (every instance is told); older keys still open what they sealed. */
export async function rotateDataKey(db: Db, source: KeySource): Promise<string> {
  const id = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${KEYS_LOCK})`);
    const row = await createKey(tx, source, 'data', true);
    await tx.execute(sql`select pg_notify(${DATA_KEYS_CHANNEL}, ${row.id})`);
    return row.id;
  });
  await loadDataKeys(db, source);
  return id;
}

/** The condition "this sealed value was not sealed by the current key" (its bytes 2–9 name the key). */
const notSealedBy = (column: PgColumn, keyId: string): SQL =>
  sql`(${column} is not null and substring(${column} from 2 for 8) <> decode(${keyId}, 'hex'))`;

/**
 * Re-encrypt, in batches, every value sealed by a key other than the current one; then
 * retire and delete the keys no value names any more. Returns how many rows were rewritten.
 */
export async function resealAll(db: Db, opts: { batchSize?: number; onProgress?: (table: string, rows: number) => void } = {}): Promise<number> {
  const current = currentDataKeyId();
  if (!current) throw new Error('no data key loaded');
  const batchSize = opts.batchSize ?? 200;
  let total = 0;
  for (const { table, id, columns } of SEALED_COLUMNS) {
    const stale = sql.join(Object.values(columns).map((c) => notSealedBy(c, current)), sql` or `);
    for (;;) {
      const done = await db.transaction(async (tx) => {
        const rows = await tx.select({ id, ...columns }).from(table).where(stale).limit(batchSize).for('update', { skipLocked: true });
        for (const row of rows) {
          const { id: rowId, ...values } = row as Record<string, unknown>;
          await tx.update(table).set(values).where(eq(id, rowId));
        }
        return rows.length;
      });
      total += done;
      if (done) opts.onProgress?.(getTableName(table), done);
      if (done < batchSize) break;
    }
  }
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${KEYS_LOCK})`);
    const unused = [];
    for (const row of await tx.select({ id: dataKeys.id }).from(dataKeys).where(and(eq(dataKeys.purpose, 'data'), ne(dataKeys.id, current)))) {
      if (!(await keyInUse(tx, row.id))) unused.push(row.id);
    }
    if (unused.length) await tx.delete(dataKeys).where(inArray(dataKeys.id, unused));
  });
  return total;
}

/** Whether any sealed value still names this data key. */
export async function keyInUse(ex: Executor, keyId: string): Promise<boolean> {
  for (const { table, columns } of SEALED_COLUMNS) {
    const names = sql.join(Object.values(columns).map((c) => sql`substring(${c} from 2 for 8) = decode(${keyId}, 'hex')`), sql` or `);
    const [hit] = await ex.select({ one: sql<number>`1` }).from(table).where(names).limit(1);
    if (hit) return true;
  }
  return false;
}

/* ── Upgrade: values left in clear by migration 0003 ──────────────────────────── */

type Plain = { table: string; id: string; columns: string[]; notNull: string[] };
const PLAIN: Plain[] = [
  { table: 'accounts', id: 'id', columns: ['national_id'], notNull: [] },
  { table: 'persons', id: 'id', columns: ['national_id', 'birth_date', 'address', 'mobile', 'phone'], notNull: ['national_id', 'national_id_index'] },
  { table: 'registrations', id: 'id', columns: ['national_id', 'proofed_claims', 'personal'], notNull: [] },
  { table: 'proofing_sessions', id: 'id', columns: ['claims'], notNull: [] },
  { table: 'documents', id: 'id', columns: ['content'], notNull: ['content'] },
  { table: 'service_requests', id: 'id', columns: ['requester'], notNull: ['requester'] },
  { table: 'settings', id: 'key', columns: ['value'], notNull: ['value'] },
];

const camel = (s: string) => s.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());


/**
 * Seal what an upgraded database still holds in `<column>_plain`, in batches, then drop
 * those columns. Runs at start with the keys loaded; does nothing on a database made new.
 */
export async function sealPlainColumns(
  db: Db, opts: { namesOf: (p: ProvenIdentity) => { nameTh: string | null; nameEn: string | null }; batchSize?: number },
): Promise<number> {
  const batchSize = opts.batchSize ?? 200;
  const left = await rawRows(db, sql`select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and column_name like '%\_plain'`);
  if (!left.length) return 0;
  let total = 0;
  for (const plain of PLAIN) {
    const { table, columns } = plain;
    const present = columns.filter((c) => left.some((r) => r.table_name === table && r.column_name === `${c}_plain`));
    if (!present.length) continue;
    const sealed = SEALED_COLUMNS.find((s) => getTableName(s.table) === table)!;
    const anyLeft = sql.raw(present.map((c) => `"${c}_plain" is not null`).join(' or '));
    for (;;) {
      const n = await db.transaction(async (tx) => {
        const rows = await rawRows(tx, sql`select ${sql.identifier(plain.id)} as id, ${sql.raw(present.map((c) => `"${c}_plain"`).join(', '))}
          from ${sql.identifier(table)} where ${anyLeft} limit ${batchSize} for update`);
        for (const row of rows) {
          const values: Record<string, unknown> = {};
          for (const c of present) {
            const v = row[`${c}_plain`];
            if (v === null || v === undefined) continue;
            values[camel(c)] = c === 'birth_date' && v instanceof Date ? v.toISOString().slice(0, 10)
              : c === 'content' ? new Uint8Array(v as Uint8Array) : v;
          }
          if (typeof values.nationalId === 'string' && table !== 'proofing_sessions') values.nationalIdIndex = blindIndex(values.nationalId);
          if (table === 'registrations' && values.proofedClaims) Object.assign(values, opts.namesOf(values.proofedClaims as ProvenIdentity));
          await tx.update(sealed.table).set(values).where(eq(sealed.id, row.id));
          await tx.execute(sql`update ${sql.identifier(table)} set ${sql.raw(present.map((c) => `"${c}_plain" = null`).join(', '))}
            where ${sql.identifier(plain.id)} = ${row.id}`);
        }
        return rows.length;
      });
      total += n;
      if (n < batchSize) break;
    }
    await db.transaction(async (tx) => {
      for (const c of present) await tx.execute(sql.raw(`alter table "${table}" drop column "${c}_plain"`));
      for (const c of plain.notNull) await tx.execute(sql.raw(`alter table "${table}" alter column "${c}" set not null`));
    });
  }
  return total;
}

