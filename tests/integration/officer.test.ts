/**
 * The officer console's API on a real database: the approval queue and decisions,
 * accounts and sealed-slip credentials, legacy step 0, the audit log.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevIdp, type DevIdp } from '../../api/dev/idp.ts';
import { TEST_CITIZENS } from '../../api/dev/citizens.ts';
import { startMailCatcher, type MailCatcher } from '../../api/dev/mailcatcher.ts';
import { startOutboxWorker, type OutboxWorker } from '../../api/services/mail.ts';
import { accounts, loginThrottles, persons } from '../../db/schema.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { newAccount, sessionCookie } from '../helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { freshNationalId, pendingRegistration, PERSONAL } from '../helpers/pending-registration.ts';
import { signInOfficer } from '../helpers/officer.ts';
import { maskNationalId, withNationalId } from '../../db/sealing.ts';
import { loginCookie, makePdf, postStep1 } from '../helpers/registration.ts';

const SECRET = 'officer-test-secret';
let tdb: TestDatabase;
let idp: DevIdp;
let mail: MailCatcher;
let worker: OutboxWorker;
let t: ReturnType<typeof createTestApp>;
let officer: string;
let admin: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  idp = await startDevIdp({ port: 0, host: '127.0.0.1', clientId: 'soft-token', clientSecret: SECRET, redirectUris: [`${TEST_ORIGIN}/api/proofing/callback`] });
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
  t = createTestApp(tdb.database, { PROOFING_ISSUER: idp.issuer, PROOFING_CLIENT_SECRET: SECRET, SMTP_URL: mail.smtpUrl });
  worker = await startOutboxWorker(t.deps);
  officer = await officerCookie(['officer']);
  admin = await officerCookie(['officer', 'reviewer', 'admin']);
});
afterAll(async () => {
  await worker.stop();
  await mail.close();
  await idp.close();
  await tdb.drop();
});

/** An officer signed in to the console: password changed, passkey enrolled and signing. */
async function officerCookie(roles: Array<'officer' | 'reviewer' | 'admin'>) {
  return (await signInOfficer(t, tdb.database, { roles })).cookie;
}

const as = (cookie: string) => ({
  get: (path: string) => t.request(`/api/officer${path}`, { headers: { cookie } }),
  post: (path: string, json?: unknown) => t.request(`/api/officer${path}`, { method: 'POST', headers: { cookie }, ...(json === undefined ? {} : { json }) }),
});

const pending = (o: Parameters<typeof pendingRegistration>[3] = {}) => pendingRegistration(t, tdb.database, mail, o);
const tracker = async (cookie: string) => (await t.request('/api/registration', { headers: { cookie } })).json();

describe('approval queue', () => {
  it('should list pending registrations oldest first and filter by unit, national ID, name and day', async () => {
    t.clock.set(new Date('2026-11-20T03:00:00Z'));
    const old = await pending({ unitCode: '2200100000' });
    t.clock.set(new Date('2026-11-24T03:00:00Z'));
    const somying = TEST_CITIZENS[1]!;
    const named = await pending({ unitCode: '2200100000', nationalId: somying.nationalId });
    t.clock.set(new Date('2026-11-25T03:00:00Z'));

    const list = await (await as(officer).get('/registrations?unit=2200100000')).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([old.registrationId, named.registrationId]);
    // Lists show the national ID masked (PDPA).
    expect(list.items[0]).toMatchObject({ username: old.username, unitCode: '2200100000', nationalId: maskNationalId(old.nationalId), status: 'pending' });
    const newest = await (await as(officer).get('/registrations?unit=2200100000&sort=newest')).json();
    expect(newest.items[0].id).toBe(named.registrationId);

    // The whole national ID finds it (through the blind index); a prefix is refused.
    const byId = await (await as(officer).get(`/registrations?nationalId=${old.nationalId}`)).json();
    expect(byId.items.map((i: { id: string }) => i.id)).toEqual([old.registrationId]);
    expect((await as(officer).get(`/registrations?nationalId=${old.nationalId.slice(0, 9)}`)).status).toBe(400);

    const byName = await (await as(officer).get(`/registrations?unit=2200100000&name=${encodeURIComponent('สมหญิง')}`)).json();
    expect(byName.items.map((i: { id: string }) => i.id)).toEqual([named.registrationId]);
    const byEnglish = await (await as(officer).get('/registrations?unit=2200100000&name=rakthai')).json();
    expect(byEnglish.total).toBe(1);

    // 24 November in Bangkok is 2026-11-23T17:00Z … 2026-11-24T17:00Z.
    const byDay = await (await as(officer).get('/registrations?unit=2200100000&from=2026-11-24&to=2026-11-24')).json();
    expect(byDay.items.map((i: { id: string }) => i.id)).toEqual([named.registrationId]);

    const paged = await (await as(officer).get('/registrations?unit=2200100000&pageSize=1&page=2')).json();
    expect(paged).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(paged.items[0].id).toBe(named.registrationId);
  });

  it('should refuse malformed filters with field messages', async () => {
    const res = await as(officer).get('/registrations?unit=123&nationalId=abc&from=2026-13-45');
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).fields).sort()).toEqual(['from', 'nationalId', 'unit']);
  });

  it('should count waiting registrations by age on the dashboard', async () => {
    const before = await (await as(officer).get('/dashboard')).json();
    const q0 = before.queues.find((q: { key: string }) => q.key === 'registrations');
    t.clock.set(new Date('2026-11-25T03:00:00Z'));
    await pending();
    const after = await (await as(officer).get('/dashboard')).json();
    const q1 = after.queues.find((q: { key: string }) => q.key === 'registrations');
    expect(q1.total).toBe(q0.total + 1);
    const band = (q: { bands: Array<{ band: string; count: number }> }, b: string) => q.bands.find((x) => x.band === b)!.count;
    expect(band(q1, 'under1d')).toBe(band(q0, 'under1d') + 1);
    expect(q1.bands.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(q1.total);
    expect(q1.oldestAt).toBeTruthy();
  });
});

describe('review and decisions', () => {
  it('should set the proven claims beside the entered data and mark the differences', async () => {
    const moved = { ...PERSONAL, address: { line1: '99 ถนนสุขุมวิท', province: 'กรุงเทพมหานคร', district: 'พญาไท', subdistrict: 'สามเสนใน', postcode: '10400' } };
    const r = await pending({ personal: moved });
    const review = await (await as(officer).get(`/registrations/${r.registrationId}`)).json();
    expect(review).toMatchObject({ status: 'pending', nationalId: maskNationalId(r.nationalId), account: { username: r.username }, ownRegistration: false, email: r.email });
    const row = (f: string) => review.comparison.find((c: { field: string }) => c.field === f);
    expect(row('nationalId')).toMatchObject({ proven: maskNationalId(r.nationalId), entered: maskNationalId(r.nationalId), differs: false });
    expect(row('address').differs).toBe(true);
    expect(row('address').entered).toContain('99 ถนนสุขุมวิท');
    expect(review.document).toMatchObject({ filename: 'order.pdf' });
    expect(review.workplace.position).toBe('นักวิชาการเงินและบัญชี');
  });

  it('should show national IDs masked on the review, and in full only through "show", which is audited', async () => {
    const r = await pending();
    // The account is held by someone else today (a change of holder): that number is on the page too.
    const holderId = freshNationalId();
    const [holder] = await tdb.database.db.insert(persons).values({ ...withNationalId(holderId), firstNameTh: 'ผู้ถือ', lastNameTh: 'คนเดิม' }).returning();
    await tdb.database.db.update(accounts).set({ holderPersonId: holder!.id }).where(eq(accounts.id, r.account.id));

    const res = await as(officer).get(`/registrations/${r.registrationId}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain(r.nationalId);
    expect(body).not.toContain(holderId);
    const review = JSON.parse(body);
    expect(review.nationalId).toBe(maskNationalId(r.nationalId));
    expect(review.proven.nationalId).toBe(maskNationalId(r.nationalId));
    const row = (rows: Array<{ field: string }>, f: string) => rows.find((c) => c.field === f);
    // The difference is judged on the full numbers, then written masked.
    expect(row(review.comparison, 'holder')).toEqual({ field: 'holder', proven: maskNationalId(r.nationalId), entered: `${maskNationalId(holderId)} ผู้ถือ คนเดิม`, differs: true });
    expect((await (await as(officer).get(`/audit?nationalId=${r.nationalId}&action=registration.national_id_view`)).json()).total).toBe(0);

    const shown = await as(officer).get(`/registrations/${r.registrationId}/national-id`);
    expect(shown.status).toBe(200);
    const ids = await shown.json();
    expect(ids).toMatchObject({ nationalId: r.nationalId, provenNationalId: r.nationalId, holderNationalId: holderId });
    expect(row(ids.comparison, 'nationalId')).toEqual({ field: 'nationalId', proven: r.nationalId, entered: r.nationalId, differs: false });
    expect(row(ids.comparison, 'holder')).toEqual({ field: 'holder', proven: r.nationalId, entered: `${holderId} ผู้ถือ คนเดิม`, differs: true });
    expect(ids.comparison.map((c: { field: string }) => c.field)).toEqual(['nationalId', 'holder']);

    const audit = await (await as(officer).get(`/audit?nationalId=${r.nationalId}&action=registration.national_id_view`)).json();
    expect(audit.total).toBe(1);
    expect(audit.items[0]).toMatchObject({
      action: 'registration.national_id_view', actorKind: 'officer', subjectUsername: r.username,
      nationalId: maskNationalId(r.nationalId), targetType: 'registration', targetId: r.registrationId,
    });
    // The log itself never holds the number.
    expect(JSON.stringify(audit)).not.toContain(r.nationalId);
  });

  it('should refuse "show" where the review is refused: no such registration, a draft, or no officer', async () => {
    const r = await pending();
    expect((await as(officer).get('/registrations/00000000-0000-4000-8000-000000000000/national-id')).status).toBe(404);
    expect((await as(officer).get('/registrations/not-a-uuid/national-id')).status).toBe(400);
    // A draft that was never submitted is not for officers' eyes.
    const draft = await newAccount(tdb.database);
    const cookie = await loginCookie(t, draft.username, draft.initialPassword);
    expect((await postStep1(t, cookie, { nationalId: freshNationalId(), pdf: await makePdf() })).status).toBe(200);
    const { registrationId } = await (await t.request('/api/registration', { headers: { cookie } })).json();
    for (const path of [`/registrations/${registrationId}`, `/registrations/${registrationId}/national-id`]) {
      expect((await as(officer).get(path)).status, path).toBe(404);
    }
    // The person themself (a staff session) gets no officer API.
    const staff = await t.request(`/api/officer/registrations/${r.registrationId}/national-id`, { headers: { cookie: r.cookie } });
    expect(staff.status).toBe(403);
    expect(await staff.text()).not.toContain(r.nationalId);
    expect((await t.request(`/api/officer/registrations/${r.registrationId}/national-id`)).status).toBe(401);
    expect((await (await as(officer).get(`/audit?nationalId=${r.nationalId}&action=registration.national_id_view`)).json()).total).toBe(0);
  });

  it('should serve the appointment PDF inline, sandboxed, unsniffable and uncached', async () => {
    const r = await pending();
    const res = await as(officer).get(`/registrations/${r.registrationId}/document`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="order\.pdf"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'; frame-ancestors 'self'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(new TextDecoder().decode((await res.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
  });

  it('should approve: email, tracker and holder follow, and a second decision is refused', async () => {
    const r = await pending();
    const res = await as(officer).post(`/registrations/${r.registrationId}/approve`);
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('approved');
    const m = await mail.waitFor((x) => x.to.includes(r.email) && x.subject.startsWith('ยืนยันสถานะการลงทะเบียน'), 10_000);
    expect(m.subject).toBe(`ยืนยันสถานะการลงทะเบียน - ชื่อผู้ใช้งาน ${r.username} ได้รับการอนุมัติข้อมูลลงทะเบียนเรียบร้อยแล้ว`);
    expect((await tracker(r.cookie)).steps).toEqual(['done', 'done', 'done', 'approved', 'start']);
    const again = await as(officer).post(`/registrations/${r.registrationId}/reject`, { reason: 'ซ้ำ' });
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('not_pending');
    const [acc] = await tdb.database.db.select().from(accounts).where(eq(accounts.id, r.account.id));
    expect(acc!.holderPersonId).toBeTruthy();
  });

  it('should require a reason to reject, then email it and let the person start again', async () => {
    const r = await pending();
    const empty = await as(officer).post(`/registrations/${r.registrationId}/reject`, { reason: '   ' });
    expect(empty.status).toBe(400);
    expect((await empty.json()).fields.reason.code).toBe('required');
    const reason = 'คำสั่งแต่งตั้งไม่ชัดเจน กรุณาอัปโหลดใหม่';
    expect((await as(officer).post(`/registrations/${r.registrationId}/reject`, { reason })).status).toBe(200);
    const m = await mail.waitFor((x) => x.to.includes(r.email) && x.subject.startsWith('ปฏิเสธการลงทะเบียน'), 10_000);
    expect(m.text).toContain(reason);
    const after = await tracker(r.cookie);
    expect(after.steps[0]).toBe('start');
    expect(after.rejectReason).toBe(reason);
    const listed = await (await as(officer).get(`/registrations?status=rejected&nationalId=${r.nationalId}`)).json();
    expect(listed.items[0]).toMatchObject({ id: r.registrationId, status: 'rejected' });
  });
});

describe('accounts and sealed slips', () => {
  it('should create one account and return its slip once', async () => {
    const res = await as(admin).post('/accounts', { unitCode: '0300500000', displayName: 'นายทดสอบ สร้างบัญชี' });
    expect(res.status).toBe(201);
    const { created } = await res.json();
    expect(created).toHaveLength(1);
    const slip = created[0].slip;
    expect(slip).toMatchObject({ unitCode: '0300500000', unitName: 'กรมธนารักษ์', displayName: 'นายทดสอบ สร้างบัญชี' });
    expect(slip.username).toMatch(/^A0300500000\d{4}$/);
    expect((await t.request('/api/auth/login', { method: 'POST', json: { username: slip.username, password: slip.initialPassword } })).status).toBe(200);
    const listed = await (await as(officer).get(`/accounts?q=${slip.username}`)).json();
    expect(listed.items[0]).toMatchObject({ username: slip.username, hasPassword: true, hasToken: false, locked: false });
    expect(JSON.stringify(listed)).not.toContain(slip.initialPassword);
  });

  it('should name the field when the single-account form is wrong', async () => {
    const res = await as(admin).post('/accounts', { unitCode: '9999999999' });
    expect(res.status).toBe(400);
    expect((await res.json()).fields.unitCode).toMatchObject({ code: 'unit_unknown', message: 'ไม่พบรหัสหน่วยเบิกจ่ายนี้ในระบบ' });
  });

  it('should import a good CSV file: accounts, slips, and legacy users without a slip', async () => {
    const csv = '\uFEFFunit_code,display_name,legacy_token\r\n0300200000,"ใจดี, สมชาย",\r\n0300400004,,no\r\n0300500000,ผู้ใช้ Token Key,yes\r\n,,\r\n';
    const res = await as(admin).post('/accounts/import', { csv });
    expect(res.status).toBe(201);
    const { created } = await res.json();
    expect(created).toHaveLength(3);
    expect(created[0].slip.displayName).toBe('ใจดี, สมชาย');
    expect(created[1].slip.unitCode).toBe('0300400004');
    expect(created[2]).toMatchObject({ legacyTokenUser: true, slip: null });
    const login = await t.request('/api/auth/login', { method: 'POST', json: { username: created[0].slip.username, password: created[0].slip.initialPassword } });
    expect(await login.json()).toEqual({ next: 'tracker' });
  });

  it('should import nothing when one row is bad, and name that row and field', async () => {
    const [{ n: before }] = (await tdb.database.db.select({ n: sql<number>`count(*)::int` }).from(accounts)) as [{ n: number }];
    const csv = 'unit_code,display_name\n0300200000,ดี\n03002,เลขไม่ครบ\n0300400004,ดี\n9999999999,ไม่มีหน่วยนี้\n';
    const res = await as(admin).post('/accounts/import', { csv });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('validation');
    expect(body.fields['3.unit_code']).toMatchObject({ code: 'unit_code_format' });
    const [{ n: after }] = (await tdb.database.db.select({ n: sql<number>`count(*)::int` }).from(accounts)) as [{ n: number }];
    expect(after).toBe(before);
    // Formats pass, the database check fails: still nothing imported.
    const res2 = await as(admin).post('/accounts/import', { csv: 'unit_code\n0300200000\n9999999999\n' });
    expect((await res2.json()).fields).toEqual({ '3.unit_code': { code: 'unit_unknown', message: 'ไม่พบรหัสหน่วยเบิกจ่ายนี้ในระบบ' } });
    const [{ n: after2 }] = (await tdb.database.db.select({ n: sql<number>`count(*)::int` }).from(accounts)) as [{ n: number }];
    expect(after2).toBe(before);
  });

  it('should reissue a slip: the earlier password stops working and the new one works', async () => {
    const { created } = await (await as(admin).post('/accounts', { unitCode: '0300200000' })).json();
    const first = created[0].slip;
    const res = await as(admin).post(`/accounts/${created[0].id}/reissue`);
    expect(res.status).toBe(200);
    const { slip } = await res.json();
    expect(slip.username).toBe(first.username);
    expect(slip.initialPassword).not.toBe(first.initialPassword);
    const login = (password: string) => t.request('/api/auth/login', { method: 'POST', json: { username: first.username, password }, headers: { 'x-forwarded-for': '10.7.0.1' } });
    expect((await login(first.initialPassword)).status).toBe(401);
    expect((await login(slip.initialPassword)).status).toBe(200);
  });

  it('should show a locked account as locked and unlock it', async () => {
    const { account, username } = await newAccount(tdb.database);
    await tdb.database.db.insert(loginThrottles).values({ key: `account:${account.id}`, failures: 100, locked: true });
    const locked = await (await as(officer).get(`/accounts?q=${username}`)).json();
    expect(locked.items[0].locked).toBe(true);
    expect((await (await as(officer).get('/accounts?locked=true')).json()).items.map((i: { username: string }) => i.username)).toContain(username);
    expect((await as(admin).post(`/accounts/${account.id}/unlock`)).status).toBe(200);
    expect((await (await as(officer).get(`/accounts?q=${username}`)).json()).items[0].locked).toBe(false);
  });
});

describe('legacy step 0', () => {
  it('should issue the soft-token initial password for a Token Key user and end their visit', async () => {
    const { created } = await (await as(admin).post('/accounts/import', { csv: 'unit_code,display_name,legacy_token\n0300400004,นายโทเคน เดิม,yes\n' })).json();
    const username = created[0].username;
    const profile = await (await as(officer).get(`/legacy/${username.toLowerCase()}`)).json();
    expect(profile).toMatchObject({ username, unitCode: '0300400004', displayName: 'นายโทเคน เดิม', initialPasswordIssued: false, hasToken: false });
    const issued = await as(admin).post(`/legacy/${username}/initial-password`);
    expect(issued.status).toBe(200);
    const credentials = await issued.json();
    expect(credentials.username).toBe(username);
    const login = await t.request('/api/auth/login', { method: 'POST', json: { username, password: credentials.initialPassword } });
    expect(await login.json()).toEqual({ next: 'tracker' });
    const session = sessionCookie(login);
    expect((await as(officer).post(`/legacy/${username}/logout`)).status).toBe(200);
    // กดเพื่อยืนยันและทำการ logout ends any session of the person.
    expect((await t.request('/api/auth/me', { headers: { cookie: session } })).status).toBe(401);
    expect((await (await as(officer).get(`/legacy/${username}`)).json()).initialPasswordIssued).toBe(true);
  });

  it('should refuse step 0 for an account that is not a Token Key user', async () => {
    const { username } = await newAccount(tdb.database);
    const res = await as(officer).get(`/legacy/${username}`);
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('not_legacy');
    expect((await as(officer).get('/legacy/A03002000008888')).status).toBe(404);
  });
});

describe('audit log', () => {
  it('should find officer actions by account, national ID, action and day', async () => {
    t.clock.set(new Date('2026-11-25T03:00:00Z'));
    const r = await pending();
    await as(officer).post(`/registrations/${r.registrationId}/reject`, { reason: 'ทดสอบบันทึก' });
    const byUser = await (await as(officer).get(`/audit?username=${r.username}&action=registration.reject`)).json();
    expect(byUser.total).toBe(1);
    expect(byUser.items[0]).toMatchObject({ action: 'registration.reject', actorKind: 'officer', subjectUsername: r.username, nationalId: maskNationalId(r.nationalId), details: { reason: 'ทดสอบบันทึก' } });
    // The log holds the national ID masked, found by its blind index.
    const byId = await (await as(officer).get(`/audit?nationalId=${r.nationalId}&action=registration.`)).json();
    expect(byId.items.map((i: { action: string }) => i.action)).toEqual(expect.arrayContaining(['registration.submit', 'registration.reject', 'registration.step1']));
    const actions = await (await as(officer).get('/audit/actions')).json();
    expect(actions).toEqual(expect.arrayContaining(['registration.reject', 'account.create']));
    const paged = await (await as(officer).get(`/audit?nationalId=${r.nationalId}&pageSize=2&page=1`)).json();
    expect(paged.items).toHaveLength(2);
    expect(paged.total).toBeGreaterThan(2);
  });
});

describe('no secrets in officer answers', () => {
  const FORBIDDEN_KEYS = /^(passwordHash|codeHash|typedCodeHash|tokenHash|idHash|bindingHash|phoneBindingHash|codeVerifier|nonce|state|challenge|publicKey|p256dh|auth|content|secret)$/;

  function findSecrets(value: unknown, path = '$'): string[] {
    if (typeof value === 'string') return /\$argon2|^[0-9a-f]{64}$/.test(value) ? [`${path} = ${value.slice(0, 20)}…`] : [];
    if (Array.isArray(value)) return value.flatMap((v, i) => findSecrets(v, `${path}[${i}]`));
    if (value && typeof value === 'object') {
      return Object.entries(value).flatMap(([k, v]) => [...(FORBIDDEN_KEYS.test(k) ? [`${path}.${k}`] : []), ...findSecrets(v, `${path}.${k}`)]);
    }
    return [];
  }

  it('should never put a hash, code or token in any officer API answer', async () => {
    const r = await pending();
    const { created } = await (await as(admin).post('/accounts/import', { csv: 'unit_code,legacy_token\n0300200000,\n0300200000,yes\n' })).json();
    const answers: unknown[] = [created];
    for (const path of [
      '/dashboard', '/units', '/registrations', '/registrations?status=all', `/registrations/${r.registrationId}`,
      '/accounts', '/accounts?kind=officer', '/audit', '/audit?pageSize=100', '/audit/actions', `/legacy/${created[1].username}`,
    ]) {
      const res = await as(admin).get(path);
      expect(res.status, path).toBe(200);
      answers.push(await res.json());
    }
    answers.push(await (await as(admin).post(`/accounts/${created[0].id}/reissue`)).json());
    answers.push(await (await as(admin).post(`/registrations/${r.registrationId}/approve`)).json());
    expect(findSecrets(answers)).toEqual([]);
    // The audit log of all that holds no initial password either.
    const audit = JSON.stringify(await (await as(admin).get('/audit?pageSize=100')).json());
    expect(audit).not.toContain(created[0].slip.initialPassword);
  });
});
