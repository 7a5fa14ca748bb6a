/**
 * Officers for browser tests, signed in the only way the console opens (FLOWS §7). The first
 * sign-in (password change, passkey enrolment) goes through the API with a software
 * authenticator; officer-passkey.spec.ts walks it through the pages instead. A page then
 * signs in as officers do every day, password then passkey, with that passkey imported into
 * Chromium's virtual authenticator.
 */
import { expect, request, type APIRequestContext, type Page } from '@playwright/test';
import type { Role } from '../../db/schema.ts';
import { createSoftAuthenticator } from '../helpers/soft-authenticator.ts';
import { E2E } from './env.ts';
import { createAccount } from './fixtures.ts';

export type OfficerRequest = { roles: Role[]; displayName?: string; nationalId?: string };
export type EnrolledOfficer = { id: string; username: string; password: string; passkey: ReturnType<typeof createSoftAuthenticator> };

/** A password that passes the policy (manual or NIST). */
export function strongPassword(): string {
  return `Kx9!${Math.random().toString(36).slice(2, 10)}${Date.now().toString(36)}`;
}

async function ok<T>(res: Awaited<ReturnType<APIRequestContext['post']>>, what: string): Promise<T> {
  if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * A new officer taken through the first sign-in by the API: initial password → change →
 * passkey enrolled. Returns it with `api`, a request context holding its console session.
 */
export async function enrolledOfficer(o: OfficerRequest): Promise<EnrolledOfficer & { api: APIRequestContext }> {
  const created = await createAccount({ roles: o.roles, displayName: o.displayName, nationalId: o.nationalId });
  const api = await request.newContext({ baseURL: E2E.origin, extraHTTPHeaders: { origin: E2E.origin } });
  expect(await ok(await api.post('/api/auth/login', { data: { username: created.username, password: created.initialPassword } }), 'login')).toEqual({ next: 'change_password' });
  const password = strongPassword();
  await ok(await api.post('/api/auth/password', { data: { oldPassword: created.initialPassword, newPassword: password, confirmPassword: password } }), 'password change');
  expect(await ok(await api.post('/api/auth/login', { data: { username: created.username, password } }), 'login')).toEqual({ next: 'enrol_passkey' });
  const { options } = await ok<{ options: { challenge: string; user: { id: string } } }>(await api.post('/api/officer-passkey/enrol/options'), 'enrol options');
  const passkey = createSoftAuthenticator({ origin: E2E.origin, rpId: 'localhost' });
  await ok(await api.post('/api/officer-passkey/enrol', { data: { response: passkey.create(options) } }), 'enrol');
  return { id: created.id, username: created.username, password, passkey, api };
}

/** An officer's API session (for the console steps another test covers). */
export async function officerApi(roles: Role[]): Promise<APIRequestContext> {
  return (await enrolledOfficer({ roles })).api;
}

/**
 * The page's browser gets a virtual authenticator holding `officer`'s passkey (user verification
 * on, as a screen lock or a security key's PIN would give).
 */
export async function givePasskey(page: Page, officer: EnrolledOfficer): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: officer.passkey.exportCredential() });
}

/** Sign in through the console's pages, as an officer does every day: password, then the passkey. */
export async function signInOnPage(page: Page, officer: Pick<EnrolledOfficer, 'username' | 'password'>, path = '/officer') {
  await page.goto(path);
  await expect(page).toHaveURL(/\/officer\/login\?next=/);
  await page.getByLabel('รหัสผู้ใช้งาน (Username)').fill(officer.username);
  await page.getByLabel('รหัสผ่าน (Password)').fill(officer.password);
  await page.getByRole('button', { name: 'เข้าสู่ระบบ', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ยืนยันตัวตนด้วยกุญแจ (passkey)');
  await page.getByRole('button', { name: 'ยืนยันด้วยกุญแจ' }).click();
  await expect(page).toHaveURL(`${E2E.origin}${path}`);
}

/** A new officer (enrolled by the API) signed in on `page` through the login and passkey pages. */
export async function officerOnPage(page: Page, o: OfficerRequest, path = '/officer'): Promise<EnrolledOfficer> {
  const officer = await enrolledOfficer(o);
  await officer.api.dispose();
  await givePasskey(page, officer);
  await signInOnPage(page, officer, path);
  return officer;
}
