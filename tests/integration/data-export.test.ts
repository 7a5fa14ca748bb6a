/**
 * The holder's own copy of their data (PDPA right of access): asked from the portal, approved
 * on the phone by picture matching, collected once by the session that asked, as a ZIP of
 * data.json and their documents — and nobody else's data in it.
 */
import { and, eq } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, loginRequests, persons, registrations, serviceRequests } from '../../db/schema.ts';
import { withNationalId } from '../../db/sealing.ts';
import { storeDocument } from '../../api/domain/documents.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { randomNationalId } from '../helpers/fixtures.ts';
import { makePdf } from '../helpers/registration.ts';
import { activatedAccount, answerOnPhone, portalSession, startLogin, type Activated } from '../helpers/token.ts';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

type TestApp = ReturnType<typeof createTestApp>;

const cookieOf = (res: Response, name: string) => res.headers.getSetCookie().find((c) => c.startsWith(`st_${name}=`))?.split(';')[0] ?? '';

/** Another portal session of the same holder (a second browser), once the password is no longer the initial one. */
async function secondSession(t: TestApp, a: Activated, password: string): Promise<string> {
  const login = await startLogin(t, a.username, password, '10.5.0.2');
  await answerOnPhone(t, a, login.body.requestId, () => login.body.picture);
  return cookieOf(await t.request(`/api/login-requests/${login.body.requestId}/complete`, { method: 'POST', headers: { cookie: login.binding } }), 'session');
}

async function startExport(t: TestApp, session: string) {
  const res = await t.request('/api/portal/export', { method: 'POST', headers: { cookie: session } });
  return { res, body: await res.json(), binding: cookieOf(res, 'binding') };
}

const download = (t: TestApp, id: string, cookie: string) => t.request(`/api/portal/export/${id}`, { headers: { cookie } });

describe('the holder\'s data download', () => {
  it('should give the session that asked one ZIP of their data and documents once the phone approves, and nobody else', async () => {
    const t = createTestApp(tdb.database);
    const db = tdb.database.db;
    const a = await activatedAccount(t, tdb.database);
    const pdf = await makePdf();
    // What is held: the appointment order, the person's sealed details, two service requests
    // naming the account (one filed by the holder with a scan, one by someone else), and an
    // earlier holder's registration on the same account.
    const appointmentId = await storeDocument(db, { ownerAccountId: a.account.id, kind: 'appointment', filename: 'appointment-order.pdf', bytes: pdf });
    await db.update(registrations).set({ appointmentDocumentId: appointmentId, workplace: { position: 'นักวิชาการเงินและบัญชี', level: 'ชำนาญการ', line1: '1', province: 'กรุงเทพมหานคร', district: 'พญาไท', subdistrict: 'สามเสนใน', postcode: '10400' } })
      .where(eq(registrations.id, a.registration.id));
    await db.update(persons).set({ birthDate: '1985-03-14', mobile: '0812345678' }).where(eq(persons.id, a.person.id));
    const scanId = await storeDocument(db, { ownerAccountId: null, kind: 'service_request_scan', filename: 'scan.pdf', bytes: pdf });
    const unit = { division: 'กอง', department: 'กรม', ministry: 'กระทรวง', unitName: 'หน่วย' };
    const otherPerson = randomNationalId();
    await db.insert(serviceRequests).values([
      { trackingNumber: 'SR-OWNOWN-OWNOWN', unitCode: a.account.unitCode, username: a.username, accountId: a.account.id, purpose: 'reset_password', status: 'completed', outcome: 'done', scanDocumentId: scanId,
        requester: { name: 'นายทดสอบ ระบบ', nationalId: a.person.nationalId, email: a.email, mobile: '0812345678', ...unit } },
      { trackingNumber: 'SR-OTHERS-OTHERS', unitCode: a.account.unitCode, username: a.username, accountId: a.account.id, purpose: 'change_holder', status: 'refused', outcome: 'refused',
        requester: { name: 'นายคนอื่น ไม่ใช่', nationalId: otherPerson, email: 'someone.else@example.go.th', mobile: '0899999999', ...unit },
        purposeDetail: { holderReason: 'resigned', newHolderEmail: 'new.holder@example.go.th' } },
    ]);
    const earlier = randomNationalId();
    await db.insert(registrations).values({ accountId: a.account.id, status: 'cancelled', ...withNationalId(earlier), email: 'earlier@example.go.th' });

    const { cookie, password } = await portalSession(t, a);
    const other = await secondSession(t, a, password);

    const started = await startExport(t, cookie);
    expect(started.res.status).toBe(200);
    expect(started.body).toMatchObject({ next: 'approve', requestId: expect.any(String), picture: expect.stringMatching(/^[a-z]+$/) });
    const { requestId } = started.body;
    const mine = `${cookie}; ${started.binding}`;
    // Not approved yet: nothing to download.
    expect((await (await download(t, requestId, mine)).json()).code).toBe('request_not_approved');

    const { res: approved, request } = await answerOnPhone(t, a, requestId, () => started.body.picture);
    expect(request).toMatchObject({ purpose: 'export' });
    expect(await approved.json()).toEqual({ status: 'approved', purpose: 'export' });
    // An approved export is never a session.
    expect((await t.request(`/api/login-requests/${requestId}/complete`, { method: 'POST', headers: { cookie: started.binding } })).status).toBe(409);
    // Another session, with or without this browser's binding cookie, cannot collect it.
    expect((await download(t, requestId, other)).status).toBe(404);
    expect((await download(t, requestId, `${other}; ${started.binding}`)).status).toBe(404);
    expect((await download(t, requestId, cookie)).status).toBe(404);

    const res = await download(t, requestId, mine);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="softtoken-data-${a.username}.zip"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const text = strFromU8(files['data.json']!);
    const data = JSON.parse(text);
    expect(data.account).toMatchObject({ username: a.username, status: 'active', unit: { code: a.account.unitCode } });
    expect(data.person).toMatchObject({ nationalId: a.person.nationalId, birthDate: '1985-03-14', mobile: '0812345678', email: a.email, firstNameTh: 'ทดสอบ' });
    expect(data.registrations).toHaveLength(1);
    const [registration] = data.registrations;
    expect(registration).toMatchObject({ status: 'activated', nationalId: a.person.nationalId, workplace: { position: 'นักวิชาการเงินและบัญชี' } });
    expect(registration.appointment).toMatchObject({ filename: 'appointment-order.pdf', size: pdf.length, file: expect.stringMatching(/^documents\/appointment-.+\.pdf$/) });
    const appointment = files[registration.appointment.file]!;
    expect(strFromU8(appointment.slice(0, 5))).toBe('%PDF-');
    expect(appointment).toEqual(pdf);
    expect(data.tokens).toHaveLength(1);
    expect(data.tokens[0]).toMatchObject({ credentialId: expect.any(String), validUntil: expect.any(String), revokedAt: null });
    expect(data.loginHistory.map((l: { purpose: string }) => l.purpose)).toEqual(expect.arrayContaining(['login', 'export']));
    expect(data.loginHistory.find((l: { purpose: string }) => l.purpose === 'login')).toMatchObject({ ip: expect.any(String), userAgent: null, outcome: 'completed' });
    expect(data.auditEvents.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['export.request.create', 'export.request.approved']));
    // Their own request with its scan; someone else's without that person's details or scan.
    const own = data.serviceRequests.find((s: { purpose: string }) => s.purpose === 'reset_password');
    expect(own).toMatchObject({ filedByYou: true, status: 'completed', outcome: 'done', requester: { nationalId: a.person.nationalId } });
    expect(strFromU8(files[own.scan.file]!.slice(0, 5))).toBe('%PDF-');
    const theirs = data.serviceRequests.find((s: { purpose: string }) => s.purpose === 'change_holder');
    expect(theirs).toMatchObject({ filedByYou: false, requester: null, scan: null, status: 'refused', detail: { holderReason: 'resigned' } });
    expect(Object.keys(files).sort()).toEqual(['data.json', registration.appointment.file, own.scan.file].sort());
    // Never secrets, codes, keys, session ids or other people's data.
    for (const absent of [otherPerson, earlier, 'someone.else', 'new.holder', 'earlier@', 'SR-OWNOWN', 'SR-OTHERS', 'passwordHash', 'password_hash',
      'bindingHash', 'nonce', 'correctPicture', 'publicKey', 'idHash', 'codeHash', 'endpoint', 'p256dh', '$argon2']) {
      expect(text, absent).not.toContain(absent);
    }

    const [audit] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'account.data_export'), eq(auditEvents.targetId, requestId)));
    expect(audit).toMatchObject({ actorKind: 'user', actorAccountId: a.account.id, subjectAccountId: a.account.id });
    // Single use: the same session cannot download it again.
    const again = await download(t, requestId, mine);
    expect(again.status).toBe(410);
    expect((await again.json()).code).toBe('export_gone');
  });

  it('should refuse a download when the phone picks the wrong picture, and one collected too long after the approval', async () => {
    const t = createTestApp(tdb.database);
    const a = await activatedAccount(t, tdb.database);
    const { cookie } = await portalSession(t, a);

    const wrong = await startExport(t, cookie);
    const { res: denied } = await answerOnPhone(t, a, wrong.body.requestId, (grid) => grid.find((p) => p !== wrong.body.picture)!);
    expect(await denied.json()).toEqual({ status: 'denied', purpose: 'export' });
    const refused = await download(t, wrong.body.requestId, `${cookie}; ${wrong.binding}`);
    expect(refused.status).toBe(409);
    expect((await refused.json()).code).toBe('request_not_approved');

    const late = await startExport(t, cookie);
    await answerOnPhone(t, a, late.body.requestId, () => late.body.picture);
    t.clock.advance(6 * 60_000);
    expect((await download(t, late.body.requestId, `${cookie}; ${late.binding}`)).status).toBe(410);
    const [row] = await tdb.database.db.select().from(loginRequests).where(eq(loginRequests.id, late.body.requestId));
    expect(row!.status).toBe('approved');
    expect(await tdb.database.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'account.data_export'), eq(auditEvents.subjectAccountId, a.account.id)))).toEqual([]);
  });

  it('should ask nothing of the phone without a portal session', async () => {
    const t = createTestApp(tdb.database);
    expect((await t.request('/api/portal/export', { method: 'POST' })).status).toBe(401);
  });
});
