/**
 * Fault: the SMTP server is down while mail is being sent (R-10.2, [HARDEN] 5). An OTP, an
 * approval email and a service-request outcome are committed while a real SMTP server
 * (the mail catcher) is stopped; the outbox keeps them, retries with growing backoff, and
 * when a server listens on the same port again each one arrives exactly once — even with
 * two workers (two API instances) racing for them.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevIdp, type DevIdp } from '../../api/dev/idp.ts';
import { startMailCatcher, type MailCatcher } from '../../api/dev/mailcatcher.ts';
import { createAccount } from '../../api/domain/accounts.ts';
import { approveRegistration } from '../../api/domain/approval.ts';
import { SYSTEM_ACTOR, type AuditActor } from '../../api/domain/audit.ts';
import { processServiceRequest, reviewServiceRequest } from '../../api/domain/service-requests.ts';
import { startOutboxWorker, type OutboxWorker } from '../../api/services/mail.ts';
import { openDatabase, type Database } from '../../db/index.ts';
import { mailOutbox, serviceRequests, type Account } from '../../db/schema.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { newAccount } from '../helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { randomNationalId, seedApprovedRegistration } from '../helpers/fixtures.ts';
import { freshNationalId, PERSONAL, pendingRegistration, WORKPLACE } from '../helpers/pending-registration.ts';
import { loginCookie, makePdf, postStep1, proveIdentity } from '../helpers/registration.ts';

const SECRET = 'faults-mail-secret';
let tdb: TestDatabase;
let idp: DevIdp;
let catcher: MailCatcher | undefined;
let second: Database | undefined;
const workers: OutboxWorker[] = [];
let t: ReturnType<typeof createTestApp>;
let smtpPort: number;

beforeAll(async () => {
  tdb = await createTestDatabase();
  idp = await startDevIdp({ port: 0, host: '127.0.0.1', clientId: 'soft-token', clientSecret: SECRET, redirectUris: [`${TEST_ORIGIN}/api/proofing/callback`] });
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
  smtpPort = Number(new URL(catcher.smtpUrl).port);
  t = createTestApp(tdb.database, { PROOFING_ISSUER: idp.issuer, PROOFING_CLIENT_SECRET: SECRET, SMTP_URL: catcher.smtpUrl });
  workers.push(await startOutboxWorker(t.deps));
});
afterAll(async () => {
  await stopWorkers();
  await second?.close();
  await catcher?.close();
  await idp?.close();
  await tdb?.drop();
});

async function officer(roles: Array<'officer' | 'reviewer'>): Promise<{ account: Account; actor: AuditActor }> {
  const r = await createAccount(tdb.database.db, {
    unitCode: '0300400004', kind: 'officer', roles, displayName: 'เจ้าหน้าที่ทดสอบ', nationalId: randomNationalId(),
  }, SYSTEM_ACTOR);
  if (!r.ok) throw new Error(r.reason);
  return { account: r.account, actor: { kind: 'officer', accountId: r.account.id, ip: '10.9.0.1' } };
}

async function ok(res: Response, what: string) {
  expect(res.status, `${what}: ${res.status} ${res.status === 200 ? '' : await res.clone().text()}`).toBeLessThan(300);
  return res;
}

/** The rows not yet delivered, with how long until their next attempt (seconds, by the database's clock). */
async function queued(ids: string[]) {
  return tdb.database.db.select({
    id: mailOutbox.id, to: mailOutbox.to, subject: mailOutbox.subject, attempts: mailOutbox.attempts, sentAt: mailOutbox.sentAt,
    lastError: mailOutbox.lastError, lockedUntil: mailOutbox.lockedUntil,
    wait: sql<number>`extract(epoch from ${mailOutbox.nextAttemptAt} - now())::float8`,
  }).from(mailOutbox).where(inArray(mailOutbox.id, ids)).orderBy(mailOutbox.createdAt);
}

/** Time passes: the backoff of these rows has run out. */
async function backoffElapsed(ids: string[]) {
  await tdb.database.db.update(mailOutbox).set({ nextAttemptAt: sql`now()` }).where(inArray(mailOutbox.id, ids));
}

const drainAll = () => Promise.all(workers.map((w) => w.drain()));
/** Stopping waits for a pass in flight: after it, every send that was going to happen has happened. */
async function stopWorkers() {
  for (const w of workers.splice(0)) await w.stop();
}

describe('SMTP server down', () => {
  it('should retry an OTP, an approval email and a service-request outcome with backoff and deliver each exactly once when it returns', async () => {
    console.log('fault exercised: SMTP down during OTP, approval email, service-request outcome → retried with backoff, delivered once after recovery');

    // While the mail server is up: a registration waiting for approval, a second one about to
    // ask for its email code, and a service request processed and waiting for its reviewer.
    const waiting = await pendingRegistration(t, tdb.database, catcher!);
    const approver = await officer(['officer']);

    const otpUser = await newAccount(tdb.database);
    const cookie = await loginCookie(t, otpUser.username, otpUser.initialPassword);
    const nationalId = freshNationalId();
    await ok(await postStep1(t, cookie, { nationalId, pdf: await makePdf() }), 'step 1');
    expect((await proveIdentity(t, cookie, { nationalId })).location).toBe('/p/result?status=done');
    await ok(await t.request('/api/registration/personal', { method: 'PUT', json: PERSONAL, headers: { cookie } }), 'personal');
    await ok(await t.request('/api/registration/workplace', { method: 'PUT', json: WORKPLACE, headers: { cookie } }), 'workplace');

    const holder = await seedApprovedRegistration(tdb.database);
    const filed = await ok(await t.request('/api/service-requests', { method: 'POST', json: {
      unitCode: '0300200000', username: holder.username, purpose: 'reset_password',
      requester: { name: 'นายทดสอบ ระบบ', nationalId: holder.person.nationalId, email: holder.email, mobile: '081-123-4567', division: 'กองระบบการคลังภาครัฐ', department: 'กรมบัญชีกลาง', ministry: 'กระทรวงการคลัง' },
    } }), 'service request');
    const { trackingNumber } = await filed.json();
    const scan = new FormData();
    scan.set('file', new File([await makePdf() as Uint8Array<ArrayBuffer>], 'signed.pdf', { type: 'application/pdf' }));
    await ok(await t.request(`/api/service-requests/${trackingNumber}/scan`, { method: 'POST', body: scan }), 'scan');
    const [sr] = await tdb.database.db.select().from(serviceRequests).where(eq(serviceRequests.trackingNumber, trackingNumber));
    const processor = await officer(['officer']);
    const reviewer = await officer(['officer', 'reviewer']);
    const processed = await tdb.database.db.transaction((tx) => processServiceRequest(tx, t.clock, {
      officer: processor.account, id: sr!.id, outcome: 'refused', reason: 'เอกสารไม่ครบถ้วน',
    }, processor.actor));
    expect(processed).toEqual({ ok: true });

    // Everything sent so far has gone out; from here on, only the three mails of the fault.
    await drainAll();
    await expect.poll(async () => (await tdb.database.db.select({ n: sql<number>`count(*)::int` }).from(mailOutbox).where(sql`${mailOutbox.sentAt} is null`))[0]!.n).toBe(0);
    const before = new Set((await tdb.database.db.select({ id: mailOutbox.id }).from(mailOutbox)).map((r) => r.id));

    // The mail server goes down.
    await catcher!.close();
    catcher = undefined;

    // 1. The OTP: the person's request is answered (the mail is queued, not sent inline).
    const otpEmail = `${otpUser.username.toLowerCase()}.otp@example.go.th`;
    await ok(await t.request('/api/registration/email/send', { method: 'POST', json: { email: otpEmail }, headers: { cookie } }), 'email send');
    // 2. The officer's approval.
    const approved = await tdb.database.db.transaction((tx) => approveRegistration(tx, t.clock, { officer: approver.account, registrationId: waiting.registrationId }, approver.actor));
    expect(approved.ok).toBe(true);
    // 3. The reviewer signs off the refused service request: its outcome is mailed.
    const reviewed = await tdb.database.db.transaction((tx) => reviewServiceRequest(tx, t.clock, { reviewer: reviewer.account, id: sr!.id, publicOrigin: TEST_ORIGIN }, reviewer.actor));
    expect(reviewed.ok).toBe(true);

    const ids = (await tdb.database.db.select({ id: mailOutbox.id }).from(mailOutbox)).map((r) => r.id).filter((id) => !before.has(id));
    const recipients = [otpEmail, waiting.email, holder.email];
    expect((await queued(ids)).map((r) => r.to).sort()).toEqual([...recipients].sort());

    // First attempt fails: kept with the error, next try in ~30 s (each row once, whatever woke the worker).
    await drainAll();
    await expect.poll(async () => (await queued(ids)).map((r) => r.attempts)).toEqual([1, 1, 1]);
    for (const row of await queued(ids)) {
      expect(row).toMatchObject({ sentAt: null, lockedUntil: null });
      expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(row.wait).toBeGreaterThan(20);
      expect(row.wait).toBeLessThanOrEqual(30);
    }
    // Not due yet: more passes leave them alone.
    await drainAll();
    expect((await queued(ids)).map((r) => r.attempts)).toEqual([1, 1, 1]);

    // 30 s later, still down: the second failure doubles the wait.
    await backoffElapsed(ids);
    await drainAll();
    await expect.poll(async () => (await queued(ids)).map((r) => r.attempts)).toEqual([2, 2, 2]);
    for (const row of await queued(ids)) {
      expect(row.sentAt).toBeNull();
      expect(row.wait).toBeGreaterThan(50);
      expect(row.wait).toBeLessThanOrEqual(60);
    }

    // The mail server is back on the same port. A second API instance's worker competes for the rows.
    catcher = await startMailCatcher({ smtpPort, httpPort: 0, host: '127.0.0.1' });
    if (tdb.url) {
      second = await openDatabase({ url: tdb.url });
      workers.push(await startOutboxWorker({ ...t.deps, database: second }));
    }
    await backoffElapsed(ids);
    await Promise.all([drainAll(), drainAll()]);
    await expect.poll(() => catcher!.messages().length).toBe(3);
    // Room for a duplicate to show up: more passes, then no pass left running.
    await drainAll();
    await stopWorkers();

    const got = catcher.messages();
    expect(got).toHaveLength(3);
    for (const to of recipients) expect(got.filter((m) => m.to.includes(to)), to).toHaveLength(1);
    for (const row of await queued(ids)) {
      expect(row.sentAt).toBeInstanceOf(Date);
      expect(row).toMatchObject({ attempts: 2, lastError: null, lockedUntil: null });
    }

    // Nothing lost: each mail is the one that was meant, and the code still works.
    const otpMail = got.find((m) => m.to.includes(otpEmail))!;
    const code = /\b(\d{6})\b/.exec(otpMail.text)![1]!;
    await ok(await t.request('/api/registration/email/verify', { method: 'POST', json: { code }, headers: { cookie } }), 'email verify');
    expect(got.find((m) => m.to.includes(waiting.email))!.text).toContain(waiting.username);
    const outcome = got.find((m) => m.to.includes(holder.email))!;
    expect(outcome.subject).toContain(trackingNumber);
    expect(outcome.text).toContain('เอกสารไม่ครบถ้วน');
  });
});
