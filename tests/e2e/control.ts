/**
 * The e2e harness's fixture endpoint (tests only, never part of the product): creates
 * accounts and approved registrations on the running system's database, whichever it is
 * (PGlite lives in the server process, so tests cannot open it themselves). Listens on
 * 127.0.0.1 only.
 */
import { createServer, type Server } from 'node:http';
import type { Database } from '../../db/index.ts';
import { randomInt } from 'node:crypto';
import { createAccount } from '../../api/domain/accounts.ts';
import { withCheckDigit } from '../../api/domain/identifiers.ts';
import { SYSTEM_ACTOR } from '../../api/domain/audit.ts';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { accounts, auditEvents, authenticators, loginRequests, registrations, type Role } from '../../db/schema.ts';
import { storeDocument } from '../../api/domain/documents.ts';
import { sha256 } from '../../api/lib/crypto.ts';
import { createLoginRequest, expireLoginRequest, type Purpose } from '../../api/domain/login-requests.ts';
import { findActiveToken } from '../../db/queries/tokens.ts';
import { systemClock } from '../../api/lib/clock.ts';
import { seedApprovedRegistration } from '../helpers/fixtures.ts';
import { createClient, type ClientInput } from '../../api/domain/oidc-clients.ts';
import { createPasswordReset } from '../../api/domain/password-reset.ts';

/** The computer a fixture's login request comes from, as the phone shows it. */
const E2E_DESKTOP_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** Officers (any `roles`) get a national ID of their own unless one is given (four-eyes, FLOWS §7). */
export type AccountRequest = { unitCode?: string; roles?: Role[]; displayName?: string; email?: string; nationalId?: string };

export async function startControl(database: Database, port: number): Promise<{ close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    try {
      if (req.method === 'POST' && req.url === '/approved-registrations') {
        // An account whose registration an officer has approved: tracker step 5 open (in `unitCode` when given).
        let raw = '';
        for await (const chunk of req) raw += chunk;
        const { unitCode } = JSON.parse(raw || '{}') as { unitCode?: string };
        const seed = await seedApprovedRegistration(database);
        if (unitCode) await database.db.update(accounts).set({ unitCode }).where(eq(accounts.id, seed.account.id));
        res.writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: seed.account.id, username: seed.username, initialPassword: seed.initialPassword, nationalId: seed.person.nationalId, email: seed.email }));
        return;
      }
      if (req.method === 'POST' && req.url === '/token-validity') {
        // The account's active token expires in `days` days (renewal notice, R-8.1).
        let raw = '';
        for await (const chunk of req) raw += chunk;
        const { username, days } = JSON.parse(raw) as { username: string; days: number };
        const [account] = await database.db.select().from(accounts).where(eq(accounts.username, username));
        const updated = account ? await database.db.update(authenticators)
          .set({ validUntil: new Date(Date.now() + days * 86_400_000) })
          .where(and(eq(authenticators.accountId, account.id), isNull(authenticators.revokedAt))).returning() : [];
        res.writeHead(updated.length ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: updated.length > 0 }));
        return;
      }
      if (req.method === 'POST' && req.url === '/token-state') {
        // The account's active token suspended or revoked directly, as an officer's decision leaves it.
        let raw = '';
        for await (const chunk of req) raw += chunk;
        const { username, state } = JSON.parse(raw) as { username: string; state: 'suspended' | 'revoked' };
        const [account] = await database.db.select().from(accounts).where(eq(accounts.username, username));
        const now = new Date();
        const change = state === 'revoked' ? { revokedAt: now, revokeReason: 'e2e' } : { suspendedAt: now };
        const updated = account ? await database.db.update(authenticators).set(change)
          .where(and(eq(authenticators.accountId, account.id), isNull(authenticators.revokedAt))).returning() : [];
        res.writeHead(updated.length ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: updated.length > 0 }));
        return;
      }
      if (req.method === 'POST' && req.url === '/audit') {
        // The account's audit trail, oldest first: what the system recorded about it.
        let raw = '';
        for await (const chunk of req) raw += chunk;
        const { username } = JSON.parse(raw) as { username: string };
        const [account] = await database.db.select().from(accounts).where(eq(accounts.username, username));
        const events = account ? await database.db.select({ action: auditEvents.action, details: auditEvents.details }).from(auditEvents)
          .where(eq(auditEvents.subjectAccountId, account.id)).orderBy(asc(auditEvents.id)) : [];
        res.writeHead(account ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(events));
        return;
      }
      if (req.method === 'POST' && req.url === '/appointment') {
        // The account's live registration gets an appointment order (step 1's PDF) on file.
        let raw = '';
        for await (const chunk of req) raw += chunk;
        const { username } = JSON.parse(raw) as { username: string };
        const pdf = await PDFDocument.create();
        pdf.addPage().drawText(`Appointment order of ${username}`);
        const bytes = await pdf.save();
        const [account] = await database.db.select().from(accounts).where(eq(accounts.username, username));
        const documentId = account ? await storeDocument(database.db, { ownerAccountId: account.id, kind: 'appointment', filename: 'appointment.pdf', bytes }) : undefined;
        const updated = account && documentId ? await database.db.update(registrations).set({ appointmentDocumentId: documentId })
          .where(and(eq(registrations.accountId, account.id), inArray(registrations.status, ['approved', 'activated']))).returning() : [];
        res.writeHead(updated.length ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify({ sha256: updated.length ? sha256(bytes) : null }));
        return;
      }
      if (req.method === 'POST' && req.url === '/expire-login-request') {
        // Time runs out for a pending login request now instead of in two minutes; the real
        // expiry then does the rest (status, NOTIFY to the waiting desktop).
        let raw = '';
        for await (const chunk of req) raw += chunk;
        const { id } = JSON.parse(raw) as { id: string };
        await database.db.update(loginRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(loginRequests.id, id));
        const expired = await expireLoginRequest(database.db, systemClock, id);
        res.writeHead(expired ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: expired }));
        return;
      }
      if (req.method === 'POST' && req.url === '/oidc-clients') {
        // Another relying party registered, as an admin would with create-client.
        let raw = '';
        for await (const chunk of req) raw += chunk;
        const created = await createClient(database.db, systemClock, JSON.parse(raw) as ClientInput, SYSTEM_ACTOR, { production: false });
        res.writeHead(created.ok ? 200 : 400, { 'content-type': 'application/json' })
          .end(JSON.stringify(created.ok ? { client_id: created.client.id, client_secret: created.secret } : created));
        return;
      }
      if (req.method === 'POST' && req.url === '/rejected-registrations') {
        // An account whose registration an officer rejected with `reason`: the tracker starts again at step 1.
        let raw = '';
        for await (const chunk of req) raw += chunk;
        const { reason } = JSON.parse(raw) as { reason: string };
        const seed = await seedApprovedRegistration(database);
        await database.db.update(registrations).set({ status: 'rejected', rejectReason: reason }).where(eq(registrations.id, seed.registration.id));
        res.writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: seed.account.id, username: seed.username, initialPassword: seed.initialPassword }));
        return;
      }
      if (req.method === 'POST' && req.url === '/password-reset') {
        // A reset link mailed to the account's verified email, as a signed-off service request sends it.
        let raw = '';
        for await (const chunk of req) raw += chunk;
        const { username, origin } = JSON.parse(raw) as { username: string; origin: string };
        const [account] = await database.db.select().from(accounts).where(eq(accounts.username, username));
        const created = account
          ? await createPasswordReset(database.db, systemClock, { accountId: account.id, reason: 'service_request', origin }, SYSTEM_ACTOR)
          : { ok: false };
        res.writeHead(created.ok ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: created.ok }));
        return;
      }
      if (req.method === 'POST' && req.url === '/login-request') {
        // A request for the account's active token, as a password step, renewal, self-revocation
        // or data export leaves it; answers with the picture the desktop would show.
        let raw = '';
        for await (const chunk of req) raw += chunk;
        const { username, purpose, revokeReason } = JSON.parse(raw) as { username: string; purpose: Purpose; revokeReason?: string };
        const [account] = await database.db.select().from(accounts).where(eq(accounts.username, username));
        const authenticator = account && await findActiveToken(database.db, account.id);
        const created = account && authenticator
          ? await createLoginRequest(database.db, systemClock, { account, authenticator, purpose, revokeReason, ip: '203.0.113.7', userAgent: E2E_DESKTOP_AGENT }, SYSTEM_ACTOR)
          : undefined;
        res.writeHead(created?.ok ? 200 : 404, { 'content-type': 'application/json' })
          .end(JSON.stringify(created?.ok ? { id: created.request.id, picture: created.request.correctPicture } : { ok: false }));
        return;
      }
      if (req.method !== 'POST' || req.url !== '/accounts') {
        res.writeHead(404).end();
        return;
      }
      let body = '';
      for await (const chunk of req) body += chunk;
      const input = JSON.parse(body || '{}') as AccountRequest;
      const officer = Boolean(input.roles?.length);
      const result = await createAccount(database.db, {
        unitCode: input.unitCode ?? '0300200000', kind: officer ? 'officer' : 'staff', roles: input.roles ?? [],
        displayName: input.displayName ?? (officer ? 'เจ้าหน้าที่ทดสอบ' : undefined), email: input.email,
        nationalId: officer ? (input.nationalId ?? withCheckDigit(`8${String(randomInt(0, 1e11)).padStart(11, '0')}`)) : undefined,
      }, SYSTEM_ACTOR);
      if (!result.ok) {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(result));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: result.account.id, ...result.credentials }));
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}
