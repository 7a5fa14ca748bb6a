import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { newAccount, sessionCookie } from '../helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

const login = (t: ReturnType<typeof createTestApp>, username: string, password: string, ip = '10.0.0.1') =>
  t.request('/api/auth/login', { method: 'POST', json: { username, password }, headers: { 'x-forwarded-for': ip } });

describe('login with initial credentials', () => {
  it('should open the registration tracker with an HttpOnly, SameSite session cookie when the initial password is right', async () => {
    const t = createTestApp(tdb.database, { TRUST_PROXY: 'true' });
    const { username, initialPassword } = await newAccount(tdb.database);
    const res = await login(t, username.toLowerCase(), initialPassword);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ next: 'tracker' });
    const setCookie = res.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const me = await t.request('/api/auth/me', { headers: { cookie: sessionCookie(res) } });
    expect(me.status).toBe(200);
    const body = await me.json();
    expect(body).toMatchObject({ username, session: 'registration', unit: { code: '0300200000', ministry: 'กระทรวงการคลัง' } });
  });

  it('should give the same generic message for a wrong password and an unknown username', async () => {
    const t = createTestApp(tdb.database, { TRUST_PROXY: 'true' });
    const { username } = await newAccount(tdb.database);
    const wrong = await login(t, username, 'wrong-password', '10.0.1.1');
    const unknown = await login(t, 'A03002000009999', 'whatever', '10.0.1.2');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('should end the session when the user logs out', async () => {
    const t = createTestApp(tdb.database, { TRUST_PROXY: 'true' });
    const { username, initialPassword } = await newAccount(tdb.database);
    const cookie = sessionCookie(await login(t, username, initialPassword, '10.0.2.1'));
    await t.request('/api/auth/logout', { method: 'POST', headers: { cookie } });
    expect((await t.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);
  });
});

describe('throttling', () => {
  it('should slow down one source after five wrong passwords on an account, not the account everywhere, and forget after its success', async () => {
    const t = createTestApp(tdb.database, { TRUST_PROXY: 'true' });
    const { username, initialPassword } = await newAccount(tdb.database);
    for (let i = 0; i < 5; i++) expect((await login(t, username, 'nope', '10.1.1.1')).status).toBe(401);
    const blocked = await login(t, username, initialPassword, '10.1.1.1');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another source is not slowed down by this one's misses.
    expect((await login(t, username, initialPassword, '10.1.0.9')).status).toBe(200);
    t.clock.advance(2_000);
    expect((await login(t, username, initialPassword, '10.1.1.1')).status).toBe(200);
    // This source's count on this account is cleared: five more failures before the next delay.
    for (let i = 0; i < 4; i++) expect((await login(t, username, 'nope', '10.1.1.1')).status).toBe(401);
    expect((await login(t, username, initialPassword, '10.1.1.1')).status).toBe(200);
  });

  it('should slow down one IP that tries many accounts', async () => {
    const t = createTestApp(tdb.database, { TRUST_PROXY: 'true' });
    for (let i = 0; i < 20; i++) expect((await login(t, `A0300200000${7000 + i}`, 'guess', '10.9.9.9')).status).toBe(401);
    expect((await login(t, 'A03002000007999', 'guess', '10.9.9.9')).status).toBe(429);
    expect((await login(t, 'A03002000007999', 'guess', '10.9.9.10')).status).toBe(401);
  });
});
