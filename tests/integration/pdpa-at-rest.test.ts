/**
 * Personal data at rest (PDPA): a copy of the database gives none of it in clear, keys
 * rotate while data stays readable, and a database from before sealing is sealed on start.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CITIZENS } from '../../api/dev/citizens.ts';
import { startDevIdp, type DevIdp } from '../../api/dev/idp.ts';
import { startMailCatcher, type MailCatcher } from '../../api/dev/mailcatcher.ts';
import { provenNames } from '../../api/domain/proofing.ts';
import { startOutboxWorker, type OutboxWorker } from '../../api/services/mail.ts';
import { keyInUse, loadDataKeys, resealAll, rotateDataKey, sealPlainColumns, SEALED_COLUMNS } from '../../db/data-keys.ts';
import { rawRows, type Db } from '../../db/index.ts';
import * as schema from '../../db/schema.ts';
import { dataKeys, documents, persons, registrations, serviceRequests } from '../../db/schema.ts';
import { blindIndex, currentDataKeyId, localKeySource, newKey } from '../../db/sealing.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { createTestDatabase, TEST_KEYS, usingPostgres, type TestDatabase } from '../helpers/db.ts';
import { signInOfficer } from '../helpers/officer.ts';
import { pendingRegistration, PERSONAL } from '../helpers/pending-registration.ts';
import { makePdf } from '../helpers/registration.ts';
import { createSoftAuthenticator } from '../helpers/soft-authenticator.ts';

const SECRET = 'pdpa-test-secret';
let tdb: TestDatabase;
let idp: DevIdp;
let mail: MailCatcher;
let worker: OutboxWorker;
let t: ReturnType<typeof createTestApp>;
const citizens = TEST_CITIZENS.slice(0, 2);

beforeAll(async () => {
  tdb = await createTestDatabase();
  idp = await startDevIdp({ port: 0, host: '127.0.0.1', clientId: 'soft-token', clientSecret: SECRET, redirectUris: [`${TEST_ORIGIN}/api/proofing/callback`] });
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
  t = createTestApp(tdb.database, { PROOFING_ISSUER: idp.issuer, PROOFING_CLIENT_SECRET: SECRET, SMTP_URL: mail.smtpUrl });
  worker = await startOutboxWorker(t.deps);
  const officer = await signInOfficer(t, tdb.database, { roles: ['officer'] });
  // The README's test citizens register, are approved, activate a phone and file a service request with a scan.
  for (const citizen of citizens) {
    const r = await pendingRegistration(t, tdb.database, mail, { nationalId: citizen.nationalId });
    const approved = await t.request(`/api/officer/registrations/${r.registrationId}/approve`, { method: 'POST', headers: { cookie: officer.cookie } });
    expect(approved.status).toBe(200);
    const { url } = await (await t.request('/api/registration/activation', { method: 'POST', headers: { cookie: r.cookie } })).json();
    const code = url.split('#')[1];
    const { options, challengeId } = await (await t.request('/api/activation/options', { method: 'POST', json: { code } })).json();
    const phone = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
    expect((await t.request('/api/activation/verify', { method: 'POST', json: { code, challengeId, response: phone.create(options) } })).status).toBe(200);
    const filed = await t.request('/api/service-requests', { method: 'POST', headers: { 'x-forwarded-for': '10.9.9.9' }, json: {
      unitCode: r.account.unitCode, username: r.username, purpose: 'reset_password',
      requester: { name: `${citizen.title}${citizen.givenName} ${citizen.familyName}`, nationalId: citizen.nationalId, email: r.email, mobile: '081-234-5678', division: 'กอง', department: 'กรม', ministry: 'กระทรวง' },
    } });
    expect(filed.status).toBe(201);
    const { trackingNumber } = await filed.json();
    const form = new FormData();
    form.set('file', new File([(await makePdf()) as Uint8Array<ArrayBuffer>], 'scan.pdf', { type: 'application/pdf' }));
    expect((await t.request(`/api/service-requests/${trackingNumber}/scan`, { method: 'POST', body: form })).status).toBe(200);
  }
  await worker.drain();
}, 120_000);
afterAll(async () => {
  await worker.stop();
  await mail.close();
  await idp.close();
  await tdb.drop();
});

/** What must never appear in clear: each citizen's national ID, birth date and address lines, and any PDF. */
function secrets(): string[] {
  return [
    ...citizens.flatMap((c) => [c.nationalId, c.birthdate, c.address.line1]),
    PERSONAL.address.line1, PERSONAL.mobile, '%PDF-',
  ];
}

/** Each row of every table as PostgreSQL prints it (bytea as hex), i.e. what a dump holds. */
async function fullTableScan(db: Db): Promise<string[]> {
  const tables = await rows(db, sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`);
  const out: string[] = [];
  for (const { table_name } of tables) {
    for (const r of await rows(db, sql`select t::text as row from ${sql.identifier(String(table_name))} t`)) out.push(`${String(table_name)}: ${String(r.row)}`);
  }
  return out;
}

const rows = rawRows;

/** A needle as text and as the hex a bytea column prints (`\x…`). */
const forms = (needle: string) => [needle, Buffer.from(needle).toString('hex')];

describe('personal data at rest', () => {
  it('should leave no national ID, birth date, address line or PDF in clear in any table or pg_dump', async () => {
    const scan = await fullTableScan(tdb.database.db);
    expect(scan.length).toBeGreaterThan(50);
    // The data is there: sealed, and found again through the API's own reads.
    const [person] = await tdb.database.db.select().from(persons).where(eq(persons.nationalIdIndex, blindIndex(citizens[0]!.nationalId)));
    expect(person).toMatchObject({ nationalId: citizens[0]!.nationalId, birthDate: citizens[0]!.birthdate });
    for (const needle of secrets()) {
      for (const form of forms(needle)) {
        expect(scan.filter((line) => line.toLowerCase().includes(form.toLowerCase())), `${needle} in clear`).toEqual([]);
      }
    }
    // On PostgreSQL, a real pg_dump too (PGlite has none: the full table scan is its dump).
    const pgDump = usingPostgres ? ['/usr/bin/pg_dump', ...listPgDumps()].find((p) => existsSync(p)) : undefined;
    if (pgDump) {
      const dump = execFileSync(pgDump, ['--data-only', '--no-owner', tdb.url!], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).toLowerCase();
      expect(dump).toContain('copy public.persons');
      for (const needle of secrets()) for (const form of forms(needle)) expect(dump.includes(form.toLowerCase()), `${needle} in the dump`).toBe(false);
    }
  });

  it('should read everything back after rotating to a new key, and name the old key nowhere once re-encrypted', async () => {
    const db = tdb.database.db;
    const before = currentDataKeyId()!;
    const [doc] = await db.select({ id: documents.id, content: documents.content }).from(documents).limit(1);
    expect(Buffer.from(doc!.content.subarray(0, 5)).toString()).toBe('%PDF-');

    const after = await rotateDataKey(db, TEST_KEYS.source);
    expect(after).not.toBe(before);
    // Written under key 1, read under key 2's reign.
    const [again] = await db.select({ content: documents.content }).from(documents).where(eq(documents.id, doc!.id));
    expect(Buffer.from(again!.content).equals(Buffer.from(doc!.content))).toBe(true);
    expect(await keyInUse(db, before)).toBe(true);

    const resealed = await resealAll(db, { batchSize: 3 });
    expect(resealed).toBeGreaterThan(5);
    expect(await keyInUse(db, before)).toBe(false);
    expect((await db.select().from(dataKeys).where(eq(dataKeys.id, before)))).toEqual([]);
    // Every sealed value now names key 2, and still opens.
    for (const { table, columns } of SEALED_COLUMNS) {
      for (const column of Object.values(columns)) {
        const raw = await rows(db, sql`select encode(substring(${column} from 2 for 8), 'hex') as key from ${table} where ${column} is not null`);
        for (const r of raw) expect(r.key).toBe(after);
      }
    }
    const [person] = await db.select().from(persons).where(eq(persons.nationalIdIndex, blindIndex(citizens[1]!.nationalId)));
    expect(person!.address).toMatchObject(PERSONAL.address);
    const [request] = await db.select({ requester: serviceRequests.requester }).from(serviceRequests).limit(1);
    expect(request!.requester.nationalId).toMatch(/^\d{13}$/);
  });
});

function listPgDumps(): string[] {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return [];
  return readdirSync(base).map((v) => join(base, v, 'bin', 'pg_dump'));
}

describe('upgrade from a database before sealing', () => {
  it('should seal what an older database holds in clear, find it by blind index, and drop the plain columns', async () => {
    const migrations = join(import.meta.dirname, '../../db/migrations');
    const older = mkdtempSync(join(tmpdir(), 'softtoken-migrations-'));
    try {
      // The migrations as they were before sealing: 0000–0002.
      cpSync(migrations, older, { recursive: true });
      const journal = JSON.parse(readFileSync(join(older, 'meta/_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
      journal.entries = journal.entries.filter((e) => e.tag < '0003');
      writeFileSync(join(older, 'meta/_journal.json'), JSON.stringify(journal));
      const client = new PGlite();
      const db = drizzle(client, { schema }) as unknown as Db;
      await migrate(db as never, { migrationsFolder: older });
      const pdf = await makePdf();
      const c = citizens[0]!;
      await client.query(`insert into units (code, ministry, department, name) values ('0300200000', 'ก', 'ข', 'ค')`);
      const [account] = (await client.query<{ id: string }>(`insert into accounts (username, unit_code, kind, password_hash) values ('A03002000001001', '0300200000', 'staff', 'x') returning id`)).rows;
      await client.query(`insert into persons (national_id, first_name_th, last_name_th, birth_date, address, mobile) values ($1, 'สมชาย', 'ใจดี', $2, $3, '0812345678')`,
        [c.nationalId, c.birthdate, JSON.stringify(c.address)]);
      const [doc] = (await client.query<{ id: string }>(`insert into documents (kind, filename, media_type, size, sha256, content) values ('appointment', 'a.pdf', 'application/pdf', $1, 'x', $2) returning id`, [pdf.length, pdf])).rows;
      await client.query(`insert into registrations (account_id, status, national_id, appointment_document_id, proofed_claims) values ($1, 'details', $2, $3, $4)`,
        [account!.id, c.nationalId, doc!.id, JSON.stringify({ nationalId: c.nationalId, ial: 2.3, title: 'นาย', titleEn: 'Mr.', firstNameTh: 'สมชาย', middleNameTh: null, lastNameTh: 'ใจดี', firstNameEn: 'Somchai', middleNameEn: null, lastNameEn: 'Jaidee', birthDate: c.birthdate, address: null })]);
      await client.query(`insert into audit_events (actor_kind, action, national_id) values ('system', 'registration.step1', $1)`, [c.nationalId]);

      // Start of the new version: the remaining migrations, the keys, then sealing.
      await migrate(db as never, { migrationsFolder: migrations });
      await loadDataKeys(db, localKeySource(newKey()));
      // One person, one document, one registration (the staff account has no national ID).
      expect(await sealPlainColumns(db, { namesOf: provenNames, batchSize: 1 })).toBe(3);

      const [person] = await db.select().from(persons).where(eq(persons.nationalIdIndex, blindIndex(c.nationalId)));
      expect(person).toMatchObject({ nationalId: c.nationalId, birthDate: c.birthdate, address: c.address, mobile: '0812345678' });
      const [registration] = await db.select().from(registrations).where(eq(registrations.nationalIdIndex, blindIndex(c.nationalId)));
      expect(registration).toMatchObject({ nationalId: c.nationalId, nameTh: 'นายสมชาย ใจดี', nameEn: 'Mr. Somchai Jaidee' });
      const [stored] = await db.select().from(documents);
      expect(Buffer.from(stored!.content).equals(Buffer.from(pdf))).toBe(true);
      const left = await client.query(`select table_name, column_name from information_schema.columns where column_name like '%\\_plain'`);
      expect(left.rows).toEqual([]);
      const audit = await client.query<{ national_id_masked: string }>(`select national_id_masked from audit_events`);
      expect(audit.rows[0]!.national_id_masked).toBe(`x-xxxx-xxxxx-${c.nationalId.slice(10, 12)}-${c.nationalId.slice(12)}`);
      const dump = (await client.query<{ row: string }>(`select t::text as row from persons t union all select t::text from documents t union all select t::text from registrations t union all select t::text from audit_events t`)).rows.map((r) => r.row).join('\n');
      for (const needle of [c.nationalId, c.birthdate, c.address.line1, '%PDF-']) for (const form of forms(needle)) expect(dump.includes(form)).toBe(false);
      await client.close();
    } finally {
      rmSync(older, { recursive: true, force: true });
    }
    // Two PGlite migrations runs: seconds, longer on a loaded machine.
  }, 120_000);
});
