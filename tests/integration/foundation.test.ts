import { eq, sql } from 'drizzle-orm';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/index.ts';
import { accounts, auditEvents } from '../../db/schema.ts';
import { runAdmin } from '../../api/cli/admin.ts';
import { verifyPassword } from '../../api/lib/crypto.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../api/domain/audit.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase, TEST_DATA_KEY, usingPostgres, type TestDatabase } from '../helpers/db.ts';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

describe('health and errors', () => {
  it('should report the database it round-tripped to when asked for health', async () => {
    const { request } = createTestApp(tdb.database);
    const res = await request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: usingPostgres ? 'postgres' : 'pglite' });
  });

  it('should answer an unknown API path with a Thai error by default and English when chosen', async () => {
    const { request } = createTestApp(tdb.database);
    const th = await request('/api/nothing-here');
    expect(th.status).toBe(404);
    expect(await th.json()).toEqual({ code: 'not_found', message: 'ไม่พบข้อมูลที่ต้องการ' });
    const en = await request('/api/nothing-here', { headers: { cookie: 'lang=en' } });
    expect((await en.json()).message).toBe('Not found.');
  });

  it('should give a field-level message when a unit code is malformed', async () => {
    const { request } = createTestApp(tdb.database);
    const res = await request('/api/public/units/12345');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('validation');
    expect(body.fields.code.message).toBe('รหัสหน่วยเบิกจ่ายต้องเป็นตัวเลข 10 หลัก');
  });

  it('should read a seeded unit from the database when it exists', async () => {
    const { request } = createTestApp(tdb.database);
    const res = await request('/api/public/units/0300200000');
    expect(res.status).toBe(200);
    expect((await res.json()).ministry).toBe('กระทรวงการคลัง');
  });
});

describe('security headers and CSRF', () => {
  it('should send a strict CSP and no-store on API answers', async () => {
    const { request } = createTestApp(tdb.database);
    const res = await request('/api/health');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('should refuse a state-changing request when it comes from another origin', async () => {
    const { request } = createTestApp(tdb.database);
    const res = await request('/api/health', { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('csrf');
    const site = await request('/api/health', { method: 'POST', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(site.status).toBe(403);
  });
});

describe('audit log', () => {
  it('should refuse to change or delete an audit event once written', async () => {
    const { db } = tdb.database;
    await recordAudit(db, SYSTEM_ACTOR, 'test.event', { details: { n: 1 } });
    const [row] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'test.event'));
    expect(row).toBeDefined();
    await expect(db.update(auditEvents).set({ action: 'tampered' }).where(eq(auditEvents.id, row!.id))).rejects.toThrow();
    await expect(db.delete(auditEvents).where(eq(auditEvents.id, row!.id))).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_events`)).rejects.toThrow();
  });
});

describe('admin CLI', () => {
  const env = () => (tdb.url
    ? { DATABASE_URL: tdb.url, DATA_KEY: TEST_DATA_KEY, LOG_LEVEL: 'silent' }
    : { DATA_DIR: mkdtempSync(join(tmpdir(), 'st-admin-')), DATA_KEY: TEST_DATA_KEY, LOG_LEVEL: 'silent' });

  it('should print a username and an initial password of which only the argon2id hash is stored', async () => {
    const e = env();
    const out = (await runAdmin(['create-account', '--unit', '0300400004'], e)) as { username: string; initialPassword: string };
    expect(out.username).toMatch(/^A0300400004\d{4}$/);
    expect(out.initialPassword).toHaveLength(12);
    const database = await openDatabase({ url: e.DATABASE_URL, dataDir: e.DATA_DIR });
    try {
      const [account] = await database.db.select().from(accounts).where(eq(accounts.username, out.username));
      expect(account!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(account!.passwordHash).not.toContain(out.initialPassword);
      expect(await verifyPassword(account!.passwordHash!, out.initialPassword)).toBe(true);
      const events = await database.db.select().from(auditEvents).where(eq(auditEvents.subjectAccountId, account!.id));
      expect(events.map((x) => x.action)).toContain('account.create');
    } finally {
      await database.close();
    }
  });

  it('should number accounts of a unit one after another when several are created', async () => {
    const e = env();
    const a = (await runAdmin(['create-account', '--unit', '0300500000'], e)) as { username: string };
    const b = (await runAdmin(['create-account', '--unit', '0300500000'], e)) as { username: string };
    expect(Number(b.username.slice(11))).toBe(Number(a.username.slice(11)) + 1);
  });

  it('should refuse an unknown unit and a bad role with a clear message', async () => {
    const e = env();
    await expect(runAdmin(['create-account', '--unit', '1234567890'], e)).rejects.toThrow('Unknown unit 1234567890');
    await expect(runAdmin(['create-officer', '--unit', '0300200000', '--name', 'x', '--national-id', '1101400123451', '--roles', 'king'], e)).rejects.toThrow('--roles');
    // Four-eyes needs to know who an officer is: no officer without a valid national ID of their own.
    await expect(runAdmin(['create-officer', '--unit', '0300200000', '--name', 'x'], e)).rejects.toThrow('--national-id: required');
    await expect(runAdmin(['create-officer', '--unit', '0300200000', '--name', 'x', '--national-id', '1101400123452'], e)).rejects.toThrow('--national-id: not valid');
    await expect(runAdmin(['create-account'], e)).rejects.toThrow('--unit');
  });

  it('should create a unit and then accounts in it', async () => {
    const e = env();
    await runAdmin(['create-unit', '--code', '1500100001', '--ministry', 'กระทรวงมหาดไทย', '--department', 'กรมการปกครอง', '--name', 'สำนักบริหารการทะเบียน'], e);
    const out = (await runAdmin(['create-account', '--unit', '1500100001'], e)) as { username: string };
    expect(out.username.startsWith('A1500100001')).toBe(true);
    const officer = (await runAdmin(['create-officer', '--unit', '1500100001', '--name', 'สมชาย ใจดี', '--national-id', '1101400123451', '--roles', 'officer,reviewer'], e)) as { username: string; roles: string[] };
    expect(officer.username.startsWith('O1500100001')).toBe(true);
    expect(officer.roles).toEqual(['officer', 'reviewer']);
  });
});
