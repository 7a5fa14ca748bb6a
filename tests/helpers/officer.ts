/**
 * Officers for API tests, signed in the only way the console opens (FLOWS §7): the initial
 * password, the forced change, a passkey enrolled (a software authenticator standing in
 * for the officer's computer, security key or phone), then password + passkey every time.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Database } from '../../db/index.ts';
import type { Role } from '../../db/schema.ts';
import { createAccount } from '../../api/domain/accounts.ts';
import { SYSTEM_ACTOR } from '../../api/domain/audit.ts';
import { withCheckDigit } from '../../api/domain/identifiers.ts';
import { TEST_ORIGIN, type createTestApp } from './app.ts';
import { sessionCookie } from './accounts.ts';
import { createSoftAuthenticator } from './soft-authenticator.ts';

type TestApp = ReturnType<typeof createTestApp>;
export type Passkey = ReturnType<typeof createSoftAuthenticator>;

/** A valid national ID no test citizen has (they start with 1 or 3). */
export function officerNationalId(): string {
  return withCheckDigit(`8${String(randomInt(0, 1e11)).padStart(11, '0')}`);
}

/** A new password that passes both policies (manual: all classes; NIST: 15+ characters). */
export function strongPassword(): string {
  return `Kx9!${randomBytes(8).toString('hex')}`;
}

export type OfficerOptions = { roles?: Role[]; unitCode?: string; nationalId?: string; displayName?: string; email?: string };

/** An officer account with its initial password, as `create-officer` leaves it. */
export async function newOfficer(database: Database, o: OfficerOptions = {}) {
  const nationalId = o.nationalId ?? officerNationalId();
  const r = await createAccount(database.db, {
    unitCode: o.unitCode ?? '0300400004', kind: 'officer', roles: o.roles ?? ['officer'],
    displayName: o.displayName ?? 'เจ้าหน้าที่ทดสอบ', email: o.email, nationalId,
  }, SYSTEM_ACTOR);
  if (!r.ok) throw new Error(r.reason);
  return { account: r.account, nationalId, ...r.credentials };
}

async function ok(res: Response, what: string): Promise<Response> {
  if (res.status !== 200) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res;
}

/** The password step; returns where it leads and the half-open session's cookie. */
export async function officerPassword(t: TestApp, username: string, password: string) {
  const res = await t.request('/api/auth/login', { method: 'POST', json: { username, password } });
  const body = await res.json();
  return { res, next: body.next as string, cookie: res.status === 200 ? sessionCookie(res) : '' };
}

/** First sign-in after the change: enrol `passkey`; returns the console session's cookie. */
export async function enrolPasskey(t: TestApp, cookie: string, passkey: Passkey): Promise<string> {
  const { options } = await (await ok(await t.request('/api/officer-passkey/enrol/options', { method: 'POST', headers: { cookie } }), 'enrol options')).json();
  const res = await ok(await t.request('/api/officer-passkey/enrol', { method: 'POST', headers: { cookie }, json: { response: passkey.create(options) } }), 'enrol');
  return sessionCookie(res);
}

/** A later sign-in: password, then the passkey signs; returns the console session's cookie. */
export async function officerSignIn(t: TestApp, o: { username: string; password: string; passkey: Passkey }): Promise<string> {
  const step = await officerPassword(t, o.username, o.password);
  if (step.next !== 'verify_passkey') throw new Error(`expected verify_passkey, got ${step.res.status} ${JSON.stringify(step.next)}`);
  const { options } = await (await ok(await t.request('/api/officer-passkey/sign-in/options', { method: 'POST', headers: { cookie: step.cookie } }), 'sign-in options')).json();
  const res = await ok(await t.request('/api/officer-passkey/sign-in', { method: 'POST', headers: { cookie: step.cookie }, json: { response: o.passkey.get(options.challenge) } }), 'sign-in');
  return sessionCookie(res);
}

/**
 * A new officer taken through the first sign-in: initial password → change → enrol a soft
 * passkey. `cookie` is a console session; `password` and `passkey` sign in again later.
 */
export async function signInOfficer(t: TestApp, database: Database, o: OfficerOptions = {}) {
  const created = await newOfficer(database, o);
  const first = await officerPassword(t, created.username, created.initialPassword);
  if (first.next !== 'change_password') throw new Error(`expected change_password, got ${first.res.status} ${JSON.stringify(first.next)}`);
  const password = strongPassword();
  await ok(await t.request('/api/auth/password', {
    method: 'POST', headers: { cookie: first.cookie }, json: { oldPassword: created.initialPassword, newPassword: password, confirmPassword: password },
  }), 'password change');
  const second = await officerPassword(t, created.username, password);
  if (second.next !== 'enrol_passkey') throw new Error(`expected enrol_passkey, got ${second.res.status} ${JSON.stringify(second.next)}`);
  const passkey = createSoftAuthenticator({ origin: TEST_ORIGIN, rpId: 'localhost' });
  const cookie = await enrolPasskey(t, second.cookie, passkey);
  return { ...created, password, passkey, cookie };
}

export type SignedInOfficer = Awaited<ReturnType<typeof signInOfficer>>;
