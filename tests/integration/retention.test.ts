/**
 * Retention (PDPA) on a real database and a manual clock: each kind of personal data is still
 * there a day before its period ends and gone the day after; the audit log stays, holding
 * national IDs only masked; two instances' passes at once delete each thing once.
 */
import { and, eq, gt, inArray, or } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevIdp, type DevIdp } from '../../api/dev/idp.ts';
import { startMailCatcher, type MailCatcher } from '../../api/dev/mailcatcher.ts';
import { storeDocument } from '../../api/domain/documents.ts';
import { purgeExpiredPersonalData } from '../../api/domain/retention.ts';
import { startScheduler } from '../../api/jobs.ts';
import { startOutboxWorker, type OutboxWorker } from '../../api/services/mail.ts';
import { openDatabase, type Database } from '../../db/index.ts';
import {
  accounts, activationCodes, auditEvents, consents, documents, emailCodes, loginRequests, mailOutbox, passwordResets,
  proofingSessions, registrations, serviceRequests, webauthnChallenges,
} from '../../db/schema.ts';
import { maskNationalId } from '../../db/sealing.ts';
import { newAccount } from '../helpers/accounts.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedApprovedRegistration } from '../helpers/fixtures.ts';
import { signInOfficer } from '../helpers/officer.ts';
import { freshNationalId, pendingRegistration } from '../helpers/pending-registration.ts';
import { loginCookie, makePdf, postStep1, proveIdentity } from '../helpers/registration.ts';
import { activatedAccount, type Activated } from '../helpers/token.ts';

const SECRET = 'retention-test-secret';
const DAY = 86_400_000;
const BASE = new Date('2026-11-25T03:00:00Z');

let tdb: TestDatabase;
let other: Database;
let idp: DevIdp;
let mail: MailCatcher;
let worker: OutboxWorker;
let t: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  // A second connection pool stands in for a second API instance (on PGlite, the same one).
  other = tdb.url ? await openDatabase({ url: tdb.url }) : tdb.database;
  idp = await startDevIdp({ port: 0, host: '127.0.0.1', clientId: 'soft-token', clientSecret: SECRET, redirectUris: [`${TEST_ORIGIN}/api/proofing/callback`] });
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
  t = createTestApp(tdb.database, { PROOFING_ISSUER: idp.issuer, PROOFING_CLIENT_SECRET: SECRET, SMTP_URL: mail.smtpUrl, TRUST_PROXY: 'true' });
  worker = await startOutboxWorker(t.deps);
});
afterAll(async () => {
  await worker.stop();
  await mail.close();
  await idp.close();
  if (other !== tdb.database) await other.close();
  await tdb.drop();
});

const db = () => tdb.database.db;
const days = () => t.deps.config.retentionDays;
/** One retention pass, as the scheduler runs it, on `database` (this instance by default). */
const pass = (database: Database = tdb.database) =>
  database.db.transaction((tx) => purgeExpiredPersonalData(tx, t.clock, days()));
/** Move the clock to `n` days after `from`, then run a pass. */
async function passAt(from: Date, n: number) {
  t.clock.set(new Date(from.getTime() + n * DAY));
  return pass();
}
const documentExists = async (id: string) => (await db().select({ id: documents.id }).from(documents).where(eq(documents.id, id))).length === 1;
const registrationRow = async (id: string) => (await db().select().from(registrations).where(eq(registrations.id, id)))[0];
const purgeEvents = (afterId: number) => db().select().from(auditEvents)
  .where(and(eq(auditEvents.action, 'retention.purge'), gt(auditEvents.id, afterId)));
const lastAuditId = async () => (await db().select({ id: auditEvents.id }).from(auditEvents)).reduce((m, r) => Math.max(m, r.id), 0);

/** The audit rows about these registrations stay, and hold each national ID only masked. */
async function expectAuditKeptMasked(subjects: Array<{ accountId: string; registrationId: string; nationalId: string }>) {
  const rows = await db().select().from(auditEvents).where(or(
    inArray(auditEvents.subjectAccountId, subjects.map((s) => s.accountId)),
    inArray(auditEvents.targetId, subjects.map((s) => s.registrationId)),
  ));
  for (const s of subjects) {
    const about = rows.filter((r) => r.subjectAccountId === s.accountId || r.targetId === s.registrationId);
    const withId = about.filter((r) => r.nationalIdIndex !== null);
    expect(withId.length, `audit rows naming ${s.registrationId}`).toBeGreaterThan(0);
    for (const r of withId) expect(r.nationalIdMasked).toBe(maskNationalId(s.nationalId));
    for (const r of about) expect(JSON.stringify(r)).not.toContain(s.nationalId);
  }
}

const officerAs = (cookie: string) => (path: string, json?: unknown) =>
  t.request(`/api/officer${path}`, { method: 'POST', headers: { cookie }, ...(json === undefined ? {} : { json }) });

describe('appointment orders', () => {
  it('should delete the order of a decided registration only after the appointment period, and keep the registration', async () => {
    t.clock.set(BASE);
    const officer = officerAs((await signInOfficer(t, tdb.database, { roles: ['officer'] })).cookie);
    const approved = await pendingRegistration(t, tdb.database, mail);
    const rejected = await pendingRegistration(t, tdb.database, mail);
    expect((await officer(`/registrations/${approved.registrationId}/approve`)).status).toBe(200);
    expect((await officer(`/registrations/${rejected.registrationId}/reject`, { reason: 'คำสั่งไม่ถูกต้อง' })).status).toBe(200);
    const rows = [(await registrationRow(approved.registrationId))!, (await registrationRow(rejected.registrationId))!];
    const docs = rows.map((r) => r.appointmentDocumentId!);
    expect(docs.every(Boolean)).toBe(true);
    const decidedAt = rows[0]!.decidedAt!;

    await passAt(decidedAt, days().appointment - 1);
    for (const id of docs) expect(await documentExists(id)).toBe(true);

    const before = await lastAuditId();
    const result = await passAt(decidedAt, days().appointment + 1);
    expect(result).toMatchObject({ ok: true });
    for (const id of docs) expect(await documentExists(id)).toBe(false);
    for (const r of rows) {
      const now = (await registrationRow(r.id))!;
      expect(now).toMatchObject({ status: r.status, appointmentDocumentId: null, decidedAt: r.decidedAt, updatedAt: r.updatedAt });
    }
    const [event] = await purgeEvents(before);
    expect(event).toMatchObject({ actorKind: 'system', actorAccountId: null });
    expect((event!.details as { appointmentDocuments: number }).appointmentDocuments).toBeGreaterThanOrEqual(2);
    await expectAuditKeptMasked([approved, rejected].map((r) => ({ accountId: r.account.id, registrationId: r.registrationId, nationalId: r.nationalId })));
  });

  it('should delete the order of a cancelled registration the appointment period after it was cancelled', async () => {
    t.clock.set(BASE);
    const r = await pendingRegistration(t, tdb.database, mail);
    const cancelledAt = new Date(BASE.getTime() + 10 * DAY);
    await db().update(registrations).set({ status: 'cancelled', updatedAt: cancelledAt }).where(eq(registrations.id, r.registrationId));
    const doc = (await registrationRow(r.registrationId))!.appointmentDocumentId!;

    await passAt(cancelledAt, days().appointment - 1);
    expect(await documentExists(doc)).toBe(true);
    await passAt(cancelledAt, days().appointment + 1);
    expect(await documentExists(doc)).toBe(false);
    expect(await registrationRow(r.registrationId)).toMatchObject({ status: 'cancelled', appointmentDocumentId: null });
  });
});

describe('signed service-request scans', () => {
  function formFor(a: Activated, purpose: string) {
    return {
      unitCode: '0300200000', username: a.username, purpose,
      requester: { name: 'นายทดสอบ ระบบ', nationalId: a.person.nationalId, email: a.email, mobile: '081-123-4567', division: 'กองระบบการคลังภาครัฐ', department: 'กรมบัญชีกลาง', ministry: 'กระทรวงการคลัง' },
    };
  }
  async function fileWithScan(form: object): Promise<string> {
    const filed = await t.request('/api/service-requests', { method: 'POST', json: form });
    expect(filed.status).toBe(201);
    const { trackingNumber } = await filed.json();
    const scan = new FormData();
    scan.set('file', new File([await makePdf() as Uint8Array<ArrayBuffer>], 'signed.pdf', { type: 'application/pdf' }));
    expect((await t.request(`/api/service-requests/${trackingNumber}/scan`, { method: 'POST', body: scan })).status).toBe(200);
    const [row] = await db().select().from(serviceRequests).where(eq(serviceRequests.trackingNumber, trackingNumber));
    return row!.id;
  }
  const requestRow = async (id: string) => (await db().select().from(serviceRequests).where(eq(serviceRequests.id, id)))[0]!;

  it('should delete the scan of a closed request the scan period after it was closed, and keep open requests\' scans', async () => {
    t.clock.set(BASE);
    const a = await activatedAccount(t, tdb.database);
    const closedId = await fileWithScan(formFor(a, 'reset_password'));
    const openId = await fileWithScan(formFor(a, 'reset_password'));
    const officer = officerAs((await signInOfficer(t, tdb.database, { roles: ['officer'] })).cookie);
    const reviewer = officerAs((await signInOfficer(t, tdb.database, { roles: ['officer', 'reviewer'] })).cookie);
    expect((await officer(`/service-requests/${closedId}/process`, { outcome: 'refused', reason: 'เอกสารไม่ครบ' })).status).toBe(200);
    expect((await reviewer(`/service-requests/${closedId}/review`)).status).toBe(200);
    const closed = await requestRow(closedId);
    expect(closed.status).toBe('completed');
    const [closedScan, openScan] = [closed.scanDocumentId!, (await requestRow(openId)).scanDocumentId!];

    await passAt(closed.reviewedAt!, days().scan - 1);
    expect(await documentExists(closedScan)).toBe(true);
    await passAt(closed.reviewedAt!, days().scan + 1);
    expect(await documentExists(closedScan)).toBe(false);
    expect(await requestRow(closedId)).toMatchObject({ status: 'completed', scanDocumentId: null, trackingNumber: closed.trackingNumber });
    // Not closed: its scan is still waiting for an officer.
    expect(await documentExists(openScan)).toBe(true);
    expect((await requestRow(openId)).scanDocumentId).toBe(openScan);
  });
});

describe('registrations abandoned before submission', () => {
  it('should purge a draft and what hangs off it after the draft period, keep the account, and let the person start again', async () => {
    t.clock.set(BASE);
    // One left in proofing (step 1 done, the QR shown), one left in details with an email code sent.
    const inProofing = await newAccount(tdb.database);
    const proofingCookie = await loginCookie(t, inProofing.username, inProofing.initialPassword);
    const proofingNationalId = freshNationalId();
    expect((await postStep1(t, proofingCookie, { nationalId: proofingNationalId, pdf: await makePdf() })).status).toBe(200);
    expect((await t.request('/api/registration/proofing', { method: 'POST', headers: { cookie: proofingCookie } })).status).toBe(200);
    const inDetails = await newAccount(tdb.database);
    const detailsCookie = await loginCookie(t, inDetails.username, inDetails.initialPassword);
    const detailsNationalId = freshNationalId();
    expect((await postStep1(t, detailsCookie, { nationalId: detailsNationalId, pdf: await makePdf() })).status).toBe(200);
    expect((await proveIdentity(t, detailsCookie, { nationalId: detailsNationalId })).location).toBe('/p/result?status=done');
    expect((await t.request('/api/registration/email/send', { method: 'POST', json: { email: `draft.${inDetails.username.toLowerCase()}@example.go.th` }, headers: { cookie: detailsCookie } })).status).toBe(200);
    // Submitted ones stay, however old.
    const submitted = await pendingRegistration(t, tdb.database, mail);

    const drafts = await db().select().from(registrations).where(inArray(registrations.accountId, [inProofing.account.id, inDetails.account.id]));
    expect(drafts.map((d) => d.status).sort()).toEqual(['details', 'proofing']);
    const ids = drafts.map((d) => d.id);
    const docs = drafts.map((d) => d.appointmentDocumentId!);
    // Step 1's row takes the database's time, later ones the clock's: each is judged by its own.
    const firstChange = new Date(Math.min(...drafts.map((d) => d.updatedAt.getTime())));
    const lastChange = new Date(Math.max(...drafts.map((d) => d.updatedAt.getTime())));
    expect((await db().select().from(proofingSessions).where(inArray(proofingSessions.registrationId, ids))).length).toBeGreaterThanOrEqual(2);
    expect((await db().select().from(emailCodes).where(inArray(emailCodes.registrationId, ids))).length).toBe(1);

    await passAt(firstChange, days().draft - 1);
    expect((await db().select().from(registrations).where(inArray(registrations.id, ids))).length).toBe(2);
    expect((await db().select().from(consents).where(inArray(consents.registrationId, ids))).length).toBe(2);
    for (const id of docs) expect(await documentExists(id)).toBe(true);

    const result = await passAt(lastChange, days().draft + 1);
    expect(result.ok && result.counts.draftRegistrations).toBeGreaterThanOrEqual(2);
    expect(await db().select().from(registrations).where(inArray(registrations.id, ids))).toEqual([]);
    expect(await db().select().from(consents).where(inArray(consents.registrationId, ids))).toEqual([]);
    expect(await db().select().from(proofingSessions).where(inArray(proofingSessions.registrationId, ids))).toEqual([]);
    expect(await db().select().from(emailCodes).where(inArray(emailCodes.registrationId, ids))).toEqual([]);
    expect(await db().select().from(activationCodes).where(inArray(activationCodes.registrationId, ids))).toEqual([]);
    for (const id of docs) expect(await documentExists(id)).toBe(false);
    expect(await registrationRow(submitted.registrationId)).toMatchObject({ status: 'pending' });
    // The accounts belong to their units: they stay, and the person starts again.
    expect((await db().select().from(accounts).where(inArray(accounts.id, [inProofing.account.id, inDetails.account.id]))).length).toBe(2);
    const again = await loginCookie(t, inProofing.username, inProofing.initialPassword);
    expect((await postStep1(t, again, { nationalId: proofingNationalId, pdf: await makePdf() })).status).toBe(200);

    await expectAuditKeptMasked([
      { accountId: inProofing.account.id, registrationId: drafts.find((d) => d.accountId === inProofing.account.id)!.id, nationalId: proofingNationalId },
      { accountId: inDetails.account.id, registrationId: drafts.find((d) => d.accountId === inDetails.account.id)!.id, nationalId: detailsNationalId },
    ]);
  });
});

describe('expired codes, challenges and requests, and sent mail', () => {
  it('should delete each the expired period after it expired (or was sent), and nothing that expires later', async () => {
    t.clock.set(BASE);
    const seed = await seedApprovedRegistration(tdb.database);
    const accountId = seed.account.id;
    const registrationId = seed.registration.id;
    const rows = async (expiresAt: Date) => {
      const tag = `${expiresAt.getTime()}-${Math.random()}`;
      const [email] = await db().insert(emailCodes).values({ registrationId, accountId, email: seed.email, codeHash: `h-${tag}`, resendAfter: expiresAt, expiresAt }).returning();
      const [activation] = await db().insert(activationCodes).values({ registrationId, accountId, codeHash: `a-${tag}`, typedCodeHash: `t-${tag}`, expiresAt }).returning();
      const [challenge] = await db().insert(webauthnChallenges).values({ purpose: 'test', accountId, challenge: `c-${tag}`, expiresAt }).returning();
      const [reset] = await db().insert(passwordResets).values({ accountId, tokenHash: `r-${tag}`, reason: 'test', expiresAt }).returning();
      const [proofing] = await db().insert(proofingSessions).values({ registrationId, codeHash: `p-${tag}`, expiresAt }).returning();
      const [login] = await db().insert(loginRequests).values({ accountId, nonce: `n-${tag}`, correctPicture: 'x', grid: ['x'], bindingHash: `b-${tag}`, expiresAt }).returning();
      return [
        [emailCodes, email!.id], [activationCodes, activation!.id], [webauthnChallenges, challenge!.id],
        [passwordResets, reset!.id], [proofingSessions, proofing!.id], [loginRequests, login!.id],
      ] as const;
    };
    const exists = async ([table, id]: Awaited<ReturnType<typeof rows>>[number]) =>
      (await db().select({ id: table.id }).from(table).where(eq(table.id, id))).length === 1;
    const expiresAt = new Date(BASE.getTime() + 600_000);
    const expiring = await rows(expiresAt);
    const later = await rows(new Date(expiresAt.getTime() + 30 * DAY));
    // Sent mail goes; mail not yet delivered stays (held back so the worker leaves it alone).
    const [sent] = await db().insert(mailOutbox).values({ to: seed.email, subject: 'sent', text: 'personal', sentAt: expiresAt }).returning();
    const [unsent] = await db().insert(mailOutbox).values({ to: seed.email, subject: 'unsent', text: 'personal', nextAttemptAt: new Date(Date.now() + 365 * DAY) }).returning();
    const mailExists = async (id: string) => (await db().select().from(mailOutbox).where(eq(mailOutbox.id, id))).length === 1;

    await passAt(expiresAt, days().expired - 1);
    for (const row of [...expiring, ...later]) expect(await exists(row), `${row[1]} kept`).toBe(true);
    expect(await mailExists(sent!.id)).toBe(true);

    const result = await passAt(expiresAt, days().expired + 1);
    expect(result.ok).toBe(true);
    for (const row of expiring) expect(await exists(row), `${row[1]} deleted`).toBe(false);
    for (const row of later) expect(await exists(row), `${row[1]} kept`).toBe(true);
    expect(await mailExists(sent!.id)).toBe(false);
    expect(await mailExists(unsent!.id)).toBe(true);
    if (result.ok) {
      for (const key of ['emailCodes', 'activationCodes', 'webauthnChallenges', 'passwordResets', 'proofingSessions', 'loginRequests', 'sentMail'] as const) {
        expect(result.counts[key], key).toBeGreaterThanOrEqual(1);
      }
    }
    // What named them stays.
    expect(await registrationRow(registrationId)).toMatchObject({ status: 'approved' });
    await db().delete(mailOutbox).where(eq(mailOutbox.id, unsent!.id));
  });
});

describe('one pass at a time across instances', () => {
  /** A decided registration with an appointment order, decided at the clock's time. */
  async function decidedWithOrder() {
    const seed = await seedApprovedRegistration(tdb.database);
    const documentId = await storeDocument(db(), { ownerAccountId: seed.account.id, kind: 'appointment', filename: 'order.pdf', bytes: await makePdf() });
    await db().update(registrations).set({ appointmentDocumentId: documentId, decidedAt: t.clock.now() }).where(eq(registrations.id, seed.registration.id));
    return documentId;
  }

  it('should delete each thing once and fail neither when two instances run a pass at the same moment', async () => {
    t.clock.set(BASE);
    const docs = [await decidedWithOrder(), await decidedWithOrder()];
    t.clock.set(new Date(BASE.getTime() + (days().appointment + 1) * DAY));
    const before = await lastAuditId();
    const results = await Promise.all([pass(tdb.database), pass(other)]);
    const worked = results.filter((r) => r.ok && r.total > 0);
    expect(worked).toHaveLength(1);
    expect(results.every((r) => r.ok ? r === worked[0] || r.total === 0 : r.reason === 'busy')).toBe(true);
    for (const id of docs) expect(await documentExists(id)).toBe(false);
    const events = await purgeEvents(before);
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject(worked[0]!.ok ? worked[0]!.counts : {});
    // Nothing is left to delete: a second round records nothing.
    await Promise.all([pass(tdb.database), pass(other)]);
    expect(await purgeEvents(before)).toHaveLength(1);
  });

  it('should run retention from two schedulers at once, once', async () => {
    t.clock.set(BASE);
    const docs = [await decidedWithOrder(), await decidedWithOrder()];
    t.clock.set(new Date(BASE.getTime() + (days().appointment + 1) * DAY));
    const before = await lastAuditId();
    const schedulers = [startScheduler(t.deps), startScheduler({ ...t.deps, database: other })];
    try {
      await Promise.all(schedulers.map((s) => s.runOnce()));
      await Promise.all(schedulers.map((s) => s.runOnce()));
    } finally {
      await Promise.all(schedulers.map((s) => s.stop()));
    }
    for (const id of docs) expect(await documentExists(id)).toBe(false);
    const events = await purgeEvents(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorKind: 'system' });
    expect((events[0]!.details as { appointmentDocuments: number }).appointmentDocuments).toBeGreaterThanOrEqual(2);
  });
});
