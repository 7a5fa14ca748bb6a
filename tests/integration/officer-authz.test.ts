/**
 * Who may use the officer console's API: nobody without a session (401), no staff member
 * (403), officers by role; and no officer decides on their own registration.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevIdp, type DevIdp } from '../../api/dev/idp.ts';
import { startMailCatcher, type MailCatcher } from '../../api/dev/mailcatcher.ts';
import { accounts, persons, registrations, serviceRequests, type Role } from '../../db/schema.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { newAccount } from '../helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { pendingRegistration } from '../helpers/pending-registration.ts';
import { signInOfficer } from '../helpers/officer.ts';
import { loginCookie } from '../helpers/registration.ts';
import { withNationalId } from '../../db/sealing.ts';

const SECRET = 'officer-authz-secret';
let tdb: TestDatabase;
let idp: DevIdp;
let mail: MailCatcher;
let t: ReturnType<typeof createTestApp>;
let registrationId: string;
let registrationNationalId: string;
let staffAccountId: string;
let legacyUsername: string;
let serviceRequestId: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  idp = await startDevIdp({ port: 0, host: '127.0.0.1', clientId: 'soft-token', clientSecret: SECRET, redirectUris: [`${TEST_ORIGIN}/api/proofing/callback`] });
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
  t = createTestApp(tdb.database, { PROOFING_ISSUER: idp.issuer, PROOFING_CLIENT_SECRET: SECRET, SMTP_URL: mail.smtpUrl });
  const { startOutboxWorker } = await import('../../api/services/mail.ts');
  const worker = await startOutboxWorker(t.deps);
  const r = await pendingRegistration(t, tdb.database, mail);
  await worker.stop();
  registrationId = r.registrationId;
  registrationNationalId = r.nationalId;
  staffAccountId = r.account.id;
  const legacy = await newAccount(tdb.database);
  await tdb.database.db.update(accounts).set({ legacyTokenUser: true }).where(eq(accounts.id, legacy.account.id));
  legacyUsername = legacy.username;
  const filed = await t.request('/api/service-requests', { method: 'POST', json: {
    unitCode: '0300200000', username: r.username, purpose: 'other', otherText: 'ขอให้ติดต่อกลับ',
    requester: { name: 'นายทดสอบ ระบบ', nationalId: r.nationalId, email: r.email, mobile: '0811234567', division: 'กอง', department: 'กรม', ministry: 'กระทรวง' },
  } });
  const { trackingNumber } = await filed.json();
  const [request] = await tdb.database.db.select().from(serviceRequests).where(eq(serviceRequests.trackingNumber, trackingNumber));
  // Submitted (in the queue), as if its scan had arrived.
  await tdb.database.db.update(serviceRequests).set({ status: 'submitted' }).where(eq(serviceRequests.id, request!.id));
  serviceRequestId = request!.id;
});
afterAll(async () => {
  await mail.close();
  await idp.close();
  await tdb.drop();
});

type Call = { method: 'GET' | 'POST' | 'PATCH'; path: string; json?: unknown };

/** Every officer API, with a body that would pass validation. */
const everyOfficerApi = (): Call[] => [
  { method: 'GET', path: '/api/officer/dashboard' },
  { method: 'GET', path: '/api/officer/units' },
  { method: 'GET', path: '/api/officer/events' },
  { method: 'GET', path: '/api/officer/registrations' },
  { method: 'GET', path: `/api/officer/registrations/${registrationId}` },
  { method: 'GET', path: `/api/officer/registrations/${registrationId}/national-id` },
  { method: 'GET', path: `/api/officer/registrations/${registrationId}/document` },
  { method: 'POST', path: `/api/officer/registrations/${registrationId}/approve` },
  { method: 'POST', path: `/api/officer/registrations/${registrationId}/reject`, json: { reason: 'ไม่ผ่าน' } },
  { method: 'GET', path: '/api/officer/accounts' },
  { method: 'POST', path: '/api/officer/accounts', json: { unitCode: '0300200000' } },
  { method: 'POST', path: '/api/officer/accounts/import', json: { csv: 'unit_code\n0300200000\n' } },
  { method: 'POST', path: `/api/officer/accounts/${staffAccountId}/reissue` },
  { method: 'POST', path: `/api/officer/accounts/${staffAccountId}/unlock` },
  { method: 'GET', path: '/api/officer/audit' },
  { method: 'GET', path: '/api/officer/audit/actions' },
  { method: 'GET', path: `/api/officer/legacy/${legacyUsername}` },
  { method: 'POST', path: `/api/officer/legacy/${legacyUsername}/initial-password` },
  { method: 'POST', path: `/api/officer/legacy/${legacyUsername}/logout` },
  { method: 'GET', path: '/api/officer/service-requests' },
  { method: 'GET', path: `/api/officer/service-requests/${serviceRequestId}` },
  { method: 'GET', path: `/api/officer/service-requests/${serviceRequestId}/national-id` },
  { method: 'GET', path: `/api/officer/service-requests/${serviceRequestId}/scan` },
  { method: 'POST', path: `/api/officer/service-requests/${serviceRequestId}/process`, json: { outcome: 'refused', reason: 'ไม่ผ่าน' } },
  { method: 'POST', path: `/api/officer/service-requests/${serviceRequestId}/review` },
  { method: 'GET', path: '/api/officer/oidc-clients' },
  { method: 'POST', path: '/api/officer/oidc-clients', json: { name: 'x', redirectUris: ['https://x.example/cb'] } },
  { method: 'PATCH', path: '/api/officer/oidc-clients/some-client', json: { name: 'y' } },
  { method: 'POST', path: '/api/officer/oidc-clients/some-client/rotate-secret' },
  { method: 'POST', path: '/api/officer/oidc-clients/some-client/disable' },
];

/** Admin-only: creating, issuing and unlocking. */
const ADMIN_ONLY = ['/api/officer/accounts', '/api/officer/accounts/import', '/reissue', '/unlock', '/initial-password'];

function call(c: Call, cookie?: string) {
  return t.request(c.path, { method: c.method, headers: cookie ? { cookie } : {}, ...(c.json === undefined ? {} : { json: c.json }) });
}

/** An officer signed in to the console: password changed, passkey enrolled and signing. */
async function officer(roles: Role[]) {
  return signInOfficer(t, tdb.database, { roles });
}

describe('officer API access', () => {
  it('should answer 401 to every officer API without a session', async () => {
    for (const c of everyOfficerApi()) expect((await call(c)).status, `${c.method} ${c.path}`).toBe(401);
  });

  it('should answer 403 to a staff member on every officer API, and change nothing', async () => {
    const staff = await newAccount(tdb.database);
    const cookie = await loginCookie(t, staff.username, staff.initialPassword);
    for (const c of everyOfficerApi()) {
      const res = await call(c, cookie);
      expect(res.status, `${c.method} ${c.path}`).toBe(403);
      expect((await res.json()).code).toBe('forbidden');
    }
    const [reg] = await tdb.database.db.select({ status: registrations.status }).from(registrations).where(eq(registrations.id, registrationId));
    expect(reg!.status).toBe('pending');
    const [request] = await tdb.database.db.select({ status: serviceRequests.status }).from(serviceRequests).where(eq(serviceRequests.id, serviceRequestId));
    expect(request!.status).toBe('submitted');
  });

  it('should refuse a plain officer the admin-only actions', async () => {
    const { cookie } = await officer(['officer']);
    // The connected systems (OpenID Connect clients) are the admins' alone, even to look at.
    const adminOnly = (x: Call) => x.path.startsWith('/api/officer/oidc-clients') || (x.method === 'POST' && ADMIN_ONLY.some((p) => x.path.endsWith(p)));
    for (const c of everyOfficerApi().filter(adminOnly)) {
      const res = await call(c, cookie);
      expect(res.status, c.path).toBe(403);
    }
    expect((await call({ method: 'GET', path: '/api/officer/accounts' }, cookie)).status).toBe(200);
  });

  it('should let a reviewer-only officer look but not approve or reject', async () => {
    const { cookie } = await officer(['reviewer']);
    expect((await call({ method: 'GET', path: '/api/officer/registrations' }, cookie)).status).toBe(200);
    // Whoever may open a registration or a request may also show its national IDs in full (audited).
    for (const path of [
      `/api/officer/registrations/${registrationId}`, `/api/officer/registrations/${registrationId}/national-id`,
      `/api/officer/service-requests/${serviceRequestId}`, `/api/officer/service-requests/${serviceRequestId}/national-id`,
    ]) expect((await call({ method: 'GET', path }, cookie)).status, path).toBe(200);
    expect((await call({ method: 'POST', path: `/api/officer/registrations/${registrationId}/approve` }, cookie)).status).toBe(403);
    expect((await call({ method: 'POST', path: `/api/officer/registrations/${registrationId}/reject`, json: { reason: 'x' } }, cookie)).status).toBe(403);
  });

  it('should let an admin-only officer manage accounts but not decide registrations', async () => {
    const { cookie } = await officer(['admin']);
    expect((await call({ method: 'POST', path: '/api/officer/accounts', json: { unitCode: '0300200000' } }, cookie)).status).toBe(201);
    expect((await call({ method: 'POST', path: `/api/officer/registrations/${registrationId}/approve` }, cookie)).status).toBe(403);
  });
});

describe('own registration', () => {
  it('should refuse an officer deciding a registration for an account they hold (their own national ID)', async () => {
    const me = await officer(['officer']);
    const review = (cookie: string) => call({ method: 'GET', path: `/api/officer/registrations/${registrationId}` }, cookie);
    const before = await (await review(me.cookie)).json();
    expect(before.ownRegistration).toBe(false);

    // The officer is the person who registered: their account holds that national ID.
    const [person] = await tdb.database.db.insert(persons).values({ ...withNationalId(registrationNationalId), firstNameTh: 'เจ้าหน้าที่', lastNameTh: 'ผู้ลงทะเบียน' }).returning();
    await tdb.database.db.update(accounts).set({ holderPersonId: person!.id }).where(eq(accounts.id, me.account.id));

    expect((await (await review(me.cookie)).json()).ownRegistration).toBe(true);
    for (const c of [
      { method: 'POST' as const, path: `/api/officer/registrations/${registrationId}/approve` },
      { method: 'POST' as const, path: `/api/officer/registrations/${registrationId}/reject`, json: { reason: 'ของตนเอง' } },
    ]) {
      const res = await call(c, me.cookie);
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe('own_national_id');
    }
    // Still pending: another officer can decide it.
    const other = await officer(['officer']);
    expect((await call({ method: 'POST', path: `/api/officer/registrations/${registrationId}/approve` }, other.cookie)).status).toBe(200);
  });
});
