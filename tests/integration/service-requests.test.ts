import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, authenticators, mailOutbox, persons, registrations, serviceRequests } from '../../db/schema.ts';
import { createTestApp } from '../helpers/app.ts';
import { sessionCookie } from '../helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { makePdf } from '../helpers/registration.ts';
import { signInOfficer } from '../helpers/officer.ts';
import { seedApprovedRegistration } from '../helpers/fixtures.ts';
import { activatedAccount, answerOnPhone, portalSession, startLogin, type Activated } from '../helpers/token.ts';
import { maskNationalId } from '../../db/sealing.ts';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

const app = () => createTestApp(tdb.database, { TRUST_PROXY: 'true' });
type App = ReturnType<typeof app>;

/** An officer signed in to the console: password changed, passkey enrolled and signing. */
async function officerCookie(t: App, roles: Array<'officer' | 'reviewer' | 'admin'>) {
  return (await signInOfficer(t, tdb.database, { roles })).cookie;
}

function formFor(a: Activated, purpose: string, extra: Record<string, unknown> = {}) {
  return {
    unitCode: '0300200000', username: a.username, purpose,
    requester: { name: 'นายทดสอบ ระบบ', nationalId: a.person.nationalId, email: a.email, mobile: '081-123-4567', division: 'กองระบบการคลังภาครัฐ', department: 'กรมบัญชีกลาง', ministry: 'กระทรวงการคลัง' },
    ...extra,
  };
}

/** File, upload the scan, process by one officer, review by another: the effect applies. */
async function fileAndComplete(t: App, form: object, outcome: { outcome: 'done' | 'refused'; reason?: string } = { outcome: 'done' }) {
  const filed = await t.request('/api/service-requests', { method: 'POST', json: form });
  expect(filed.status).toBe(201);
  const { trackingNumber } = await filed.json();
  const scan = new FormData();
  scan.set('file', new File([await makePdf() as Uint8Array<ArrayBuffer>], 'signed.pdf', { type: 'application/pdf' }));
  expect((await t.request(`/api/service-requests/${trackingNumber}/scan`, { method: 'POST', body: scan })).status).toBe(200);
  const [row] = await tdb.database.db.select().from(serviceRequests).where(eq(serviceRequests.trackingNumber, trackingNumber));
  const officer = await officerCookie(t, ['officer']);
  const reviewer = await officerCookie(t, ['officer', 'reviewer']);
  expect((await t.request(`/api/officer/service-requests/${row!.id}/process`, { method: 'POST', headers: { cookie: officer }, json: outcome })).status).toBe(200);
  const reviewed = await t.request(`/api/officer/service-requests/${row!.id}/review`, { method: 'POST', headers: { cookie: reviewer } });
  expect(reviewed.status).toBe(200);
  const { slip } = await reviewed.json();
  return { trackingNumber, id: row!.id, slip };
}

const mailsTo = async (to: string) => tdb.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, to));

/** The token of the reset link mailed to `email` (FLOWS §6: a link, never a password). */
async function resetToken(email: string): Promise<string> {
  const mail = (await mailsTo(email)).find((m) => m.text.includes('/password/reset#'))!;
  return /\/password\/reset#(\S+)/.exec(mail.text)![1]!;
}

describe('the public form', () => {
  it('should refuse a request with invalid fields, name them, and store nothing', async () => {
    const t = app();
    const [before] = await tdb.database.db.select({ n: count() }).from(serviceRequests);
    const res = await t.request('/api/service-requests', { method: 'POST', json: {
      unitCode: '0300200000', username: 'A03004000041001', purpose: 'change_holder',
      requester: { name: '', nationalId: '1101700230700', email: 'not-an-email', mobile: '12345', division: 'x', department: 'x', ministry: 'x' },
    } });
    expect(res.status).toBe(400);
    const { fields } = await res.json();
    expect(Object.keys(fields).sort()).toEqual(['holderReason', 'newHolderEmail', 'requester.email', 'requester.mobile', 'requester.name', 'requester.nationalId', 'username'].sort());
    expect(fields['requester.mobile'].message).toBe('หมายเลขโทรศัพท์มือถือต้องเป็นตัวเลข 10 หลัก');
    expect(fields.username.message).toBe('รหัสผู้ใช้งานไม่ตรงกับรหัสหน่วยเบิกจ่าย');
    const [after] = await tdb.database.db.select({ n: count() }).from(serviceRequests);
    expect(after!.n).toBe(before!.n);
  });

  it('should answer the same way whether or not the account exists', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const real = await t.request('/api/service-requests', { method: 'POST', json: formFor(a, 'reset_password') });
    const ghost = await t.request('/api/service-requests', { method: 'POST', json: formFor({ ...a, username: 'A03002000009998' }, 'reset_password') });
    expect(real.status).toBe(ghost.status);
    const [r, g] = [await real.json(), await ghost.json()];
    expect(Object.keys(r).sort()).toEqual(Object.keys(g).sort());
    expect(g.status).toBe('awaiting_scan');
    expect(g.trackingNumber).toMatch(/^SR-[A-Z0-9]{6}-[A-Z0-9]{6}$/);
    const status = await (await t.request(`/api/service-requests/${g.trackingNumber.toLowerCase()}`)).json();
    expect(status.requester.unitName).toBe('สำนักงานปลัดกระทรวงการคลัง');
  });
});

describe('processing and effects', () => {
  it('should mail a reset link to the registered email, and the new password then logs in with the phone', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    await fileAndComplete(t, formFor(a, 'reset_password'));
    const mail = (await mailsTo(a.email)).find((m) => m.subject.startsWith('ผลการดำเนินการตามคำร้อง'))!;
    expect(mail.text).toContain('ดำเนินการตามคำร้องเรียบร้อยแล้ว');
    expect(mail.text).not.toContain('รหัสผ่านชั่วคราว');
    const NEW = 'Kr8#reset-Mangosteen';
    const reset = await t.request('/api/auth/password-reset', { method: 'POST', json: { token: await resetToken(a.email), newPassword: NEW, confirmPassword: NEW } });
    expect(reset.status).toBe(200);
    expect((await startLogin(t, a.username, a.password)).res.status).toBe(401);
    const { body, binding } = await startLogin(t, a.username, NEW);
    await answerOnPhone(t, a, body.requestId, () => body.picture);
    const done = await (await t.request(`/api/login-requests/${body.requestId}/complete`, { method: 'POST', headers: { cookie: binding } })).json();
    expect(done.next).toBe('portal');
  });

  it('should revoke the token of a lost phone, stop the password and send the user back to proofing before step 5', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    await fileAndComplete(t, formFor(a, 'lost_phone'));
    expect((await t.request('/api/device', { headers: { cookie: a.device } })).status).toBe(401);
    // Whoever took the phone may know the password: it stops working until the emailed link is used.
    const old = await t.request('/api/auth/login', { method: 'POST', json: { username: a.username, password: a.password } });
    expect((await old.json()).code).toBe('invalid_credentials');
    const NEW = 'Kr8#lost-Rambutan';
    await t.request('/api/auth/password-reset', { method: 'POST', json: { token: await resetToken(a.email), newPassword: NEW, confirmPassword: NEW } });
    const login = await t.request('/api/auth/login', { method: 'POST', json: { username: a.username, password: NEW } });
    expect(await login.json()).toEqual({ next: 'tracker' });
    const cookie = sessionCookie(login);
    // Step 2 again (the proof and the new phone are tests/integration/trust-recovery.test.ts).
    const tracker = await (await t.request('/api/registration', { headers: { cookie } })).json();
    expect(tracker).toMatchObject({ status: 'proofing', reproofing: true, steps: ['done', 'start', 'blocked', 'blocked', 'blocked'] });
    expect((await t.request('/api/registration/activation', { method: 'POST', headers: { cookie } })).status).toBe(409);
  });

  it('should release the old holder and hand the reviewer a sealed slip for the new holder, who registers', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const newHolder = `next.${Date.now()}@example.go.th`;
    const { slip } = await fileAndComplete(t, formFor(a, 'change_holder', { holderReason: 'resigned', newHolderEmail: newHolder }));
    // The typed address is not verified: no credentials go there (FLOWS §6).
    expect(await mailsTo(newHolder)).toEqual([]);
    expect(slip).toMatchObject({ username: a.username, unitCode: '0300200000' });
    const password = slip.initialPassword as string;
    const login = await t.request('/api/auth/login', { method: 'POST', json: { username: a.username, password } });
    expect(await login.json()).toEqual({ next: 'tracker' });
    const tracker = await (await t.request('/api/registration', { headers: { cookie: sessionCookie(login) } })).json();
    expect(tracker.steps[0]).toBe('start');
    const [account] = await tdb.database.db.select().from(accounts).where(eq(accounts.id, a.account.id));
    expect(account!.holderPersonId).toBeNull();
  });

  it('should close the approved registration of the old holder too when no token was activated yet', async () => {
    const t = app();
    const seed = await seedApprovedRegistration(tdb.database);
    const newHolder = `next2.${Date.now()}@example.go.th`;
    const { slip } = await fileAndComplete(t, formFor(seed as unknown as Activated, 'change_holder', { holderReason: 'moved', newHolderEmail: newHolder }));
    const password = slip.initialPassword as string;
    const login = await t.request('/api/auth/login', { method: 'POST', json: { username: seed.username, password } });
    const tracker = await (await t.request('/api/registration', { headers: { cookie: sessionCookie(login) } })).json();
    expect(tracker.steps).toEqual(['start', 'blocked', 'blocked', 'blocked', 'blocked']);
  });

  it('attack: change of email by whoever knows the national ID and email on file (applied only for the holder signed in with the phone)', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const newEmail = `new.${Date.now()}@example.go.th`;
    await fileAndComplete(t, formFor(a, 'change_email', { newEmail }));
    const [before] = await tdb.database.db.select().from(persons).where(eq(persons.id, a.person.id));
    expect(before!.email).toBe(a.email);
    const [link] = await mailsTo(newEmail);
    const token = /verify-email#(\S+)/.exec(link!.text)![1]!;
    // Whoever reads the new mailbox is not yet the holder: the link alone changes nothing.
    const anonymous = await t.request('/api/service-requests/email-change/verify', { method: 'POST', json: { token } });
    expect(anonymous.status).toBe(401);
    const other = await activatedAccount(t, tdb.database);
    const otherSession = await portalSession(t, other, '10.5.0.9');
    const wrong = await t.request('/api/service-requests/email-change/verify', { method: 'POST', headers: { cookie: otherSession.cookie }, json: { token } });
    expect(wrong.status).toBe(403);
    const [unchanged] = await tdb.database.db.select().from(persons).where(eq(persons.id, a.person.id));
    expect(unchanged!.email).toBe(a.email);
    // The holder, signed in with the phone's approval, applies it.
    const { cookie } = await portalSession(t, a);
    const verified = await t.request('/api/service-requests/email-change/verify', { method: 'POST', headers: { cookie }, json: { token } });
    expect(await verified.json()).toEqual({ ok: true, email: newEmail });
    const [after] = await tdb.database.db.select().from(persons).where(eq(persons.id, a.person.id));
    expect(after!.email).toBe(newEmail);
    expect((await mailsTo(a.email)).map((m) => m.subject)).toContain('email ที่ลงทะเบียนไว้ใน Soft Token ถูกเปลี่ยนแล้ว');
    expect((await t.request('/api/service-requests/email-change/verify', { method: 'POST', headers: { cookie }, json: { token } })).status).toBe(410);
  });

  it('should email the reason when the officer cannot do it, and change nothing', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    await fileAndComplete(t, formFor(a, 'lost_phone'), { outcome: 'refused', reason: 'ลายมือชื่อหัวหน้าส่วนราชการไม่ครบ' });
    const mail = (await mailsTo(a.email)).find((m) => m.subject.startsWith('ผลการดำเนินการตามคำร้อง'))!;
    expect(mail.text).toContain('ไม่สามารถดำเนินการได้ เนื่องจาก ลายมือชื่อหัวหน้าส่วนราชการไม่ครบ');
    expect((await t.request('/api/device', { headers: { cookie: a.device } })).status).toBe(200);
  });

  it('should not let the officer who processed a request also review it', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { trackingNumber } = await (await t.request('/api/service-requests', { method: 'POST', json: formFor(a, 'other', { otherText: 'ขอให้ติดต่อกลับ' }) })).json();
    const scan = new FormData();
    scan.set('file', new File([await makePdf() as Uint8Array<ArrayBuffer>], 'signed.pdf', { type: 'application/pdf' }));
    await t.request(`/api/service-requests/${trackingNumber}/scan`, { method: 'POST', body: scan });
    const [row] = await tdb.database.db.select().from(serviceRequests).where(eq(serviceRequests.trackingNumber, trackingNumber));
    const both = await officerCookie(t, ['officer', 'reviewer']);
    await t.request(`/api/officer/service-requests/${row!.id}/process`, { method: 'POST', headers: { cookie: both }, json: { outcome: 'done' } });
    const self = await t.request(`/api/officer/service-requests/${row!.id}/review`, { method: 'POST', headers: { cookie: both } });
    expect(self.status).toBe(403);
    expect((await self.json()).code).toBe('same_person');
    const plain = await officerCookie(t, ['officer']);
    expect((await t.request(`/api/officer/service-requests/${row!.id}/review`, { method: 'POST', headers: { cookie: plain } })).status).toBe(403);
  });

  it('should name who processed and who reviewed a request on its page, and open its scan', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { trackingNumber } = await (await t.request('/api/service-requests', { method: 'POST', json: formFor(a, 'other', { otherText: 'ขอให้ติดต่อกลับ' }) })).json();
    const scan = new FormData();
    scan.set('file', new File([await makePdf() as Uint8Array<ArrayBuffer>], 'signed.pdf', { type: 'application/pdf' }));
    await t.request(`/api/service-requests/${trackingNumber}/scan`, { method: 'POST', body: scan });
    const [row] = await tdb.database.db.select().from(serviceRequests).where(eq(serviceRequests.trackingNumber, trackingNumber));
    const officer = await signInOfficer(t, tdb.database, { roles: ['officer'] });
    const reviewer = await signInOfficer(t, tdb.database, { roles: ['officer', 'reviewer'] });
    const page = async (cookie: string) => (await t.request(`/api/officer/service-requests/${row!.id}`, { headers: { cookie } })).json();
    expect(await page(officer.cookie)).toMatchObject({ processedByOfficer: null, reviewedByOfficer: null, canReview: false });
    await t.request(`/api/officer/service-requests/${row!.id}/process`, { method: 'POST', headers: { cookie: officer.cookie }, json: { outcome: 'done' } });
    expect(await page(officer.cookie)).toMatchObject({ processedByOfficer: { username: officer.username }, reviewedByOfficer: null, canReview: false });
    expect((await page(reviewer.cookie)).canReview).toBe(true);
    expect((await t.request(`/api/officer/service-requests/${row!.id}/review`, { method: 'POST', headers: { cookie: reviewer.cookie } })).status).toBe(200);
    expect(await page(officer.cookie)).toMatchObject({
      status: 'completed', processedByOfficer: { username: officer.username }, reviewedByOfficer: { username: reviewer.username },
    });
    const pdf = await t.request(`/api/officer/service-requests/${row!.id}/scan`, { headers: { cookie: officer.cookie } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });
});

describe('national IDs on the officer pages', () => {
  it('should show them masked on the queue and the request, and in full only through "show", which is audited', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const id = a.person.nationalId;
    const { trackingNumber } = await (await t.request('/api/service-requests', { method: 'POST', json: formFor(a, 'reset_password') })).json();
    const [row] = await tdb.database.db.select().from(serviceRequests).where(eq(serviceRequests.trackingNumber, trackingNumber));
    const officer = await officerCookie(t, ['officer']);
    const get = (path: string, cookie = officer) => t.request(`/api/officer${path}`, { headers: { cookie } });

    const page = await get(`/service-requests/${row!.id}`);
    expect(page.status).toBe(200);
    const body = await page.text();
    // The test account's email is made from its national ID: only the email may hold those digits.
    expect(body.replaceAll(a.email, '')).not.toContain(id);
    const request = JSON.parse(body);
    expect(request.requester.nationalId).toBe(maskNationalId(id));
    // The check compares the full numbers; what is on file is written masked too.
    expect(request.checks).toMatchObject({ holderMatches: true, onFile: { nationalId: maskNationalId(id), email: a.email } });
    const queue = await (await get('/service-requests?status=all&sort=newest&pageSize=100')).text();
    expect(queue).toContain(trackingNumber);
    expect(queue.replaceAll(a.email, '')).not.toContain(id);

    const audited = async () => (await (await get(`/audit?nationalId=${id}&action=service_request.national_id_view`)).json()) as { total: number; items: Array<Record<string, unknown>> };
    expect((await audited()).total).toBe(0);
    const shown = await get(`/service-requests/${row!.id}/national-id`);
    expect(shown.status).toBe(200);
    expect(await shown.json()).toEqual({ requesterNationalId: id, onFileNationalId: id });
    const log = await audited();
    expect(log.total).toBe(1);
    expect(log.items[0]).toMatchObject({
      action: 'service_request.national_id_view', actorKind: 'officer', subjectUsername: a.username,
      nationalId: maskNationalId(id), targetType: 'service_request', targetId: row!.id,
    });
  });

  it('should refuse "show" where the request\'s page is refused', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { trackingNumber } = await (await t.request('/api/service-requests', { method: 'POST', json: formFor(a, 'other', { otherText: 'ขอให้ติดต่อกลับ' }) })).json();
    const [row] = await tdb.database.db.select().from(serviceRequests).where(eq(serviceRequests.trackingNumber, trackingNumber));
    const officer = await officerCookie(t, ['officer']);
    expect((await t.request('/api/officer/service-requests/00000000-0000-4000-8000-000000000000/national-id', { headers: { cookie: officer } })).status).toBe(404);
    // The holder themself, signed in to the portal, is no officer.
    const { cookie } = await portalSession(t, a);
    const staff = await t.request(`/api/officer/service-requests/${row!.id}/national-id`, { headers: { cookie } });
    expect(staff.status).toBe(403);
    expect(await staff.text()).not.toContain(a.person.nationalId);
    expect((await t.request(`/api/officer/service-requests/${row!.id}/national-id`)).status).toBe(401);
  });
});

describe('"this was not me"', () => {
  it('should suspend the token at once and open a lost-phone request for officers', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const { body } = await startLogin(t, a.username, a.password);
    await t.request(`/api/device/requests/${body.requestId}/deny`, { method: 'POST', headers: { cookie: a.device }, json: { notMe: true } });
    const [token] = await tdb.database.db.select().from(authenticators).where(eq(authenticators.accountId, a.account.id));
    expect(token!.suspendedAt).not.toBeNull();
    const [request] = await tdb.database.db.select().from(serviceRequests).where(and(eq(serviceRequests.accountId, a.account.id), eq(serviceRequests.purpose, 'lost_phone')));
    expect(request).toMatchObject({ status: 'submitted' });
    // The password is suspended too, answered like a wrong one; the holder has a reset link.
    const again = await t.request('/api/auth/login', { method: 'POST', json: { username: a.username, password: a.password } });
    expect((await again.json()).code).toBe('invalid_credentials');
    expect((await mailsTo(a.email)).some((m) => m.text.includes('/password/reset#'))).toBe(true);
    void registrations;
  });
});
