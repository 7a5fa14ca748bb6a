/**
 * Fixtures for browser tests: the `test` every spec uses (it fails on broken pages), accounts
 * on the running system, and the mail it sent.
 */
import { test as base, expect, type BrowserContext } from '@playwright/test';
import { E2E } from './env.ts';
import type { AccountRequest } from './control.ts';
import type { ClientInput } from '../../api/domain/oidc-clients.ts';

export { expect };

/** CSP violations and uncaught errors on our own pages (the provider's pages are not ours to judge). */
export function watchForBreakage(context: BrowserContext, problems: string[]) {
  context.on('console', (message) => {
    if (message.text().includes('Content Security Policy') && message.location().url.startsWith(E2E.origin)) {
      problems.push(`CSP: ${message.text()}`);
    }
  });
  context.on('weberror', (error) => problems.push(`Uncaught: ${error.error().message}`));
}

/**
 * Every test fails if any of its pages breaks the CSP or throws. A test's other browsers
 * (a phone, a second computer) join with `watchForBreakage(context, breakage)`.
 */
export const test = base.extend<{ breakage: string[] }>({
  breakage: [
    async ({ context }, use) => {
      const problems: string[] = [];
      watchForBreakage(context, problems);
      await use(problems);
      expect(problems).toEqual([]);
    },
    { auto: true },
  ],
});

export type Credentials = { id: string; username: string; initialPassword: string };

export async function createAccount(input: AccountRequest = {}): Promise<Credentials> {
  const res = await fetch(`http://127.0.0.1:${E2E.controlPort}/accounts`, { method: 'POST', body: JSON.stringify(input) });
  if (!res.ok) throw new Error(`createAccount: ${res.status} ${await res.text()}`);
  return (await res.json()) as Credentials;
}

/** The holder on record of an approved registration: their national ID and verified email. */
export type ApprovedRegistration = Credentials & { nationalId: string; email: string };

/** An account whose registration is already approved (tracker step 5 open), as an officer leaves it. */
export async function createApprovedRegistration(input: { unitCode?: string } = {}): Promise<ApprovedRegistration> {
  const res = await fetch(`http://127.0.0.1:${E2E.controlPort}/approved-registrations`, { method: 'POST', body: JSON.stringify(input) });
  if (!res.ok) throw new Error(`createApprovedRegistration: ${res.status} ${await res.text()}`);
  return (await res.json()) as ApprovedRegistration;
}

/** An account whose registration an officer rejected with `reason` (the tracker shows it and starts again). */
export async function createRejectedRegistration(reason: string): Promise<Credentials> {
  const res = await fetch(`http://127.0.0.1:${E2E.controlPort}/rejected-registrations`, { method: 'POST', body: JSON.stringify({ reason }) });
  if (!res.ok) throw new Error(`createRejectedRegistration: ${res.status} ${await res.text()}`);
  return (await res.json()) as Credentials;
}

/** Move the account's active token so that it expires in `days` days (the renewal notice shows at 1–30). */
export async function setTokenValidity(username: string, days: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${E2E.controlPort}/token-validity`, { method: 'POST', body: JSON.stringify({ username, days }) });
  if (!res.ok) throw new Error(`setTokenValidity: ${res.status} ${await res.text()}`);
}

/** Suspend or revoke the account's active token directly in the database (as an officer's decision leaves it). */
export async function setTokenState(username: string, state: 'suspended' | 'revoked'): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${E2E.controlPort}/token-state`, { method: 'POST', body: JSON.stringify({ username, state }) });
  if (!res.ok) throw new Error(`setTokenState: ${res.status} ${await res.text()}`);
}

/** The account's audit trail, oldest first. */
export async function auditOf(username: string): Promise<Array<{ action: string; details: Record<string, unknown> | null }>> {
  const res = await fetch(`http://127.0.0.1:${E2E.controlPort}/audit`, { method: 'POST', body: JSON.stringify({ username }) });
  if (!res.ok) throw new Error(`auditOf: ${res.status} ${await res.text()}`);
  return (await res.json()) as Array<{ action: string; details: Record<string, unknown> | null }>;
}

/** Put an appointment order (a small real PDF) on the account's approved or activated registration; returns its SHA-256. */
export async function attachAppointment(username: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${E2E.controlPort}/appointment`, { method: 'POST', body: JSON.stringify({ username }) });
  if (!res.ok) throw new Error(`attachAppointment: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { sha256: string }).sha256;
}

/** A pending login request runs out of time now (the server's own expiry does the rest). */
export async function expireLoginRequest(id: string): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${E2E.controlPort}/expire-login-request`, { method: 'POST', body: JSON.stringify({ id }) });
  if (!res.ok) throw new Error(`expireLoginRequest: ${res.status} ${await res.text()}`);
}

/** Register an OpenID Connect client on the running system (as `npm run admin -- create-client` would). */
export async function createOidcClient(input: ClientInput): Promise<{ client_id: string; client_secret: string }> {
  const res = await fetch(`http://127.0.0.1:${E2E.controlPort}/oidc-clients`, { method: 'POST', body: JSON.stringify(input) });
  if (!res.ok) throw new Error(`createOidcClient: ${res.status} ${await res.text()}`);
  return (await res.json()) as { client_id: string; client_secret: string };
}

export type Mail = { id: string; to: string[]; subject: string; text: string; date: string };

/** Wait until the mail catcher has a message matching `pred` (the outbox delivers asynchronously). */
export async function waitForMail(pred: (m: Mail) => boolean, timeoutMs = 15_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`http://127.0.0.1:${E2E.mailPort}/messages.json`);
    const mails = (await res.json()) as Mail[];
    const found = mails.find(pred);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no matching mail arrived');
}

/** Mail the account a password reset link (as a signed-off service request does); read it with waitForMail. */
export async function sendPasswordReset(username: string): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${E2E.controlPort}/password-reset`, { method: 'POST', body: JSON.stringify({ username, origin: E2E.origin }) });
  if (!res.ok) throw new Error(`sendPasswordReset: ${res.status} ${await res.text()}`);
}

/**
 * A pending request for the account's active token (purpose 'login' as after the password step),
 * pushed to its phone's live list; `picture` is the one the desktop would show.
 */
export async function createLoginRequest(
  username: string, purpose: 'login' | 'renew' | 'revoke' | 'export' = 'login', revokeReason?: string,
): Promise<{ id: string; picture: string }> {
  const res = await fetch(`http://127.0.0.1:${E2E.controlPort}/login-request`, { method: 'POST', body: JSON.stringify({ username, purpose, revokeReason }) });
  if (!res.ok) throw new Error(`createLoginRequest: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; picture: string };
}
