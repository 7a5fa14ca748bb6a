import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, authenticators } from '../../db/schema.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedApprovedRegistration } from '../helpers/fixtures.ts';
import { loginCookie } from '../helpers/registration.ts';
import { signInOfficer } from '../helpers/officer.ts';
import { createSoftAuthenticator, type Flags } from '../helpers/soft-authenticator.ts';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

const RP = { origin: TEST_ORIGIN, rpId: 'localhost' };

async function approvedDesktop(t: ReturnType<typeof createTestApp>) {
  const seed = await seedApprovedRegistration(tdb.database);
  const cookie = await loginCookie(t, seed.username, seed.initialPassword);
  const res = await t.request('/api/registration/activation', { method: 'POST', headers: { cookie } });
  expect(res.status).toBe(200);
  const body = await res.json() as { url: string; qr: string; typedCode: string; expiresAt: string };
  return { ...seed, cookie, ...body, code: body.url.split('#')[1]! };
}

async function activate(t: ReturnType<typeof createTestApp>, code: string, flags: Flags = {}, authenticator = createSoftAuthenticator(RP)) {
  const opts = await t.request('/api/activation/options', { method: 'POST', json: { code } });
  if (opts.status !== 200) return { res: opts, authenticator };
  const { options, challengeId } = await opts.json();
  const response = authenticator.create(options, flags);
  const res = await t.request('/api/activation/verify', { method: 'POST', json: { code, challengeId, response, deviceLabel: 'Test phone' } });
  return { res, authenticator, options };
}

describe('activation', () => {
  it('should activate with a user-verified platform passkey and give the token two years', async () => {
    const t = createTestApp(tdb.database);
    const d = await approvedDesktop(t);
    expect(d.url).toMatch(new RegExp(`^${TEST_ORIGIN}/app/activate#[A-Za-z0-9_-]{40,}$`));
    expect(d.typedCode).toMatch(/^[A-Z2-9]{8}$/);
    const { res, options } = await activate(t, d.code);
    expect(options.authenticatorSelection).toMatchObject({ authenticatorAttachment: 'platform', residentKey: 'required', userVerification: 'required' });
    expect(options.attestation).toBe('none');
    expect(options.user.name).not.toContain(d.person.nationalId);
    expect(res.status).toBe(200);
    const body = await res.json();
    const years = (new Date(body.validUntil).getTime() - t.clock.now().getTime()) / (365.25 * 86_400_000);
    expect(years).toBeCloseTo(2, 1);
    const deviceCookie = res.headers.getSetCookie().find((c) => c.startsWith('st_device='))!;
    expect(deviceCookie).toMatch(/HttpOnly/);
    const device = await (await t.request('/api/device', { headers: { cookie: deviceCookie.split(';')[0]! } })).json();
    expect(device).toMatchObject({ username: d.username, push: 'none', deviceLabel: 'Test phone' });
    const tracker = await (await t.request('/api/registration', { headers: { cookie: d.cookie } })).json();
    expect(tracker.steps[4]).toBe('done');
    const events = await tdb.database.db.select().from(auditEvents).where(eq(auditEvents.subjectAccountId, d.account.id));
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['activation.code.create', 'activation.done']));
  });

  it('should answer null without an error when the phone holds no device cookie, and refuse an unknown one', async () => {
    const t = createTestApp(tdb.database);
    const fresh = await t.request('/api/device');
    expect(fresh.status).toBe(200);
    expect(await fresh.json()).toBeNull();
    const unknown = await t.request('/api/device', { headers: { cookie: 'st_device=not-a-device' } });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).code).toBe('device_unknown');
    expect((await t.request('/api/device/requests')).status).toBe(401);
  });

  it('should accept the short typed code in any case and with separators', async () => {
    const t = createTestApp(tdb.database);
    const d = await approvedDesktop(t);
    const typed = `${d.typedCode.slice(0, 4).toLowerCase()}-${d.typedCode.slice(4)}`;
    expect((await activate(t, typed)).res.status).toBe(200);
  });

  it('should refuse a reused activation code', async () => {
    const t = createTestApp(tdb.database);
    const d = await approvedDesktop(t);
    expect((await activate(t, d.code)).res.status).toBe(200);
    const again = await t.request('/api/activation/options', { method: 'POST', json: { code: d.code } });
    expect(again.status).toBe(400);
    expect((await again.json()).code).toBe('activation_code_invalid');
  });

  it('should refuse an expired activation code', async () => {
    const t = createTestApp(tdb.database);
    const d = await approvedDesktop(t);
    t.clock.advance(5 * 60_000 + 1);
    expect((await activate(t, d.code)).res.status).toBe(400);
  });

  it('should refuse an attestation made for another origin', async () => {
    const t = createTestApp(tdb.database);
    const d = await approvedDesktop(t);
    const { res } = await activate(t, d.code, { origin: 'https://phish.example' });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('webauthn_failed');
  });

  it('should refuse a passkey created without user verification', async () => {
    const t = createTestApp(tdb.database);
    const d = await approvedDesktop(t);
    const { res } = await activate(t, d.code, { uv: false });
    expect((await res.json()).code).toBe('webauthn_failed');
    // The code was not spent by the failed try: a proper attempt still works.
    expect((await activate(t, d.code)).res.status).toBe(200);
  });

  it('should refuse a second activation while a token is active', async () => {
    const t = createTestApp(tdb.database);
    const d = await approvedDesktop(t);
    expect((await activate(t, d.code)).res.status).toBe(200);
    const res = await t.request('/api/registration/activation', { method: 'POST', headers: { cookie: d.cookie } });
    expect(res.status).toBe(409);
  });

  it('should refuse a synced passkey only when the device-bound policy is on, and record the flags', async () => {
    const strict = createTestApp(tdb.database, { DEVICE_BOUND_ONLY: 'true' });
    const d1 = await approvedDesktop(strict);
    expect((await (await activate(strict, d1.code, { be: true, bs: true })).res.json()).code).toBe('synced_passkey_refused');
    const open = createTestApp(tdb.database);
    const d2 = await approvedDesktop(open);
    expect((await activate(open, d2.code, { be: true, bs: true })).res.status).toBe(200);
    const [row] = await tdb.database.db.select().from(authenticators).where(eq(authenticators.accountId, d2.account.id));
    expect(row).toMatchObject({ backupEligible: true, backupState: true });
    // Officers see which kind of passkey holds the token.
    const officer = await signInOfficer(open, tdb.database);
    const list = await (await open.request(`/api/officer/accounts?q=${d2.username}`, { headers: { cookie: officer.cookie } })).json();
    expect(list.items[0]).toMatchObject({ username: d2.username, hasToken: true, tokenKind: 'synced' });
  });

  it('should throttle an IP that keeps typing wrong codes', async () => {
    const t = createTestApp(tdb.database, { TRUST_PROXY: 'true' });
    const ip = { 'x-forwarded-for': '10.77.0.1' };
    for (let i = 0; i < 5; i++) {
      expect((await t.request('/api/activation/options', { method: 'POST', json: { code: `WRONG${i}XY` }, headers: ip })).status).toBe(400);
    }
    expect((await t.request('/api/activation/options', { method: 'POST', json: { code: 'WRONG9XY' }, headers: ip })).status).toBe(429);
  });
});
