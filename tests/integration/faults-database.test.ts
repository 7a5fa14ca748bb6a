/**
 * Fault: PostgreSQL restarts in the middle of a registration ([HARDEN] 5). The test runs a
 * server of its own (initdb in a temporary directory, its own port: see temp-postgres.ts),
 * so stopping it touches no other test. While it is down a request gets a prompt 503 JSON
 * error in the user's language, not a crash or a hang; once it is back the API's pool and
 * its LISTEN connection recover by themselves and the person carries on where they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevIdp, type DevIdp } from '../../api/dev/idp.ts';
import { seedDemoUnits } from '../../api/domain/units.ts';
import { publish } from '../../api/services/live.ts';
import { openDatabase, type Database } from '../../db/index.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { newAccount } from '../helpers/accounts.ts';
import { signInAtDevIdp } from '../helpers/dev-idp-browser.ts';
import { freshNationalId } from '../helpers/pending-registration.ts';
import { loginCookie, makePdf, postStep1 } from '../helpers/registration.ts';
import { readEvents } from '../helpers/sse.ts';
import { findPostgresBin, startTempPostgres, type TempPostgres } from '../helpers/temp-postgres.ts';

const SECRET = 'faults-database-secret';
const available = Boolean(findPostgresBin());
if (!available) console.log('fault skipped: PostgreSQL restart (no PostgreSQL binaries under /usr/lib/postgresql)');

describe.skipIf(!available)('PostgreSQL restarted during a registration', () => {
  let server: TempPostgres | undefined;
  let database: Database | undefined;
  let idp: DevIdp | undefined;

  beforeAll(async () => {
    server = await startTempPostgres();
    database = await openDatabase({ url: server.url });
    await seedDemoUnits(database.db);
    idp = await startDevIdp({ port: 0, host: '127.0.0.1', clientId: 'soft-token', clientSecret: SECRET, redirectUris: [`${TEST_ORIGIN}/api/proofing/callback`] });
  });
  // Always, even when a test failed: the server and its directory go away.
  afterAll(async () => {
    await database?.close().catch(() => {});
    await idp?.close().catch(() => {});
    await server?.destroy();
  });

  it('should answer 503 while it is down, recover by itself, and let the person resume at the same step', async () => {
    console.log('fault exercised: PostgreSQL restarted mid-registration (own server) → 503 during the outage, pool and LISTEN recover, tracker resumes at the same step');
    const t = createTestApp(database!, { PROOFING_ISSUER: idp!.issuer, PROOFING_CLIENT_SECRET: SECRET });
    const { username, initialPassword } = await newAccount(database!);
    const cookie = await loginCookie(t, username, initialPassword);
    const nationalId = freshNationalId();
    expect((await postStep1(t, cookie, { nationalId, pdf: await makePdf() })).status).toBe(200);

    // The desktop shows step 2's QR code and listens for the phone, as the tracker page does.
    const start = await t.request('/api/registration/proofing', { method: 'POST', headers: { cookie } });
    expect(start.status).toBe(200);
    const code = ((await start.json()) as { url: string }).url.split('/p/')[1]!;
    const before = await (await t.request('/api/registration', { headers: { cookie } })).json();
    expect(before.steps[0]).toBe('done');
    const events = await t.request('/api/registration/events', { headers: { cookie } });
    expect(events.status).toBe(200);
    let subscribed!: () => void;
    const ready = new Promise<void>((r) => { subscribed = r; });
    const updated = readEvents(events, (e) => {
      if (e.event === 'ready') subscribed();
      return e.event === 'update';
    }, 30_000);
    await ready;
    // A second subscriber on the same LISTEN, to see plain notifications flow again afterwards.
    const probe: string[] = [];
    await t.deps.live.subscribe('registration', 'probe', (detail) => { probe.push(detail); });

    await server!.stop();

    // Down: prompt, clean JSON errors in the user's language, for reads and writes alike.
    const during: Array<{ path: string; init: RequestInit; lang: 'th' | 'en' }> = [
      { path: '/api/registration', init: { headers: { cookie } }, lang: 'th' },
      { path: `/api/proofing/session/${code}/confirm`, init: { method: 'POST' }, lang: 'th' },
      { path: '/api/registration/proofing', init: { method: 'POST', headers: { cookie, 'accept-language': 'en' } }, lang: 'en' },
    ];
    for (const { path, init, lang } of during) {
      const began = Date.now();
      const res = await t.request(path, init);
      expect(Date.now() - began, path).toBeLessThan(5_000);
      expect(res.status, path).toBe(503);
      expect(res.headers.get('retry-after')).toBeTruthy();
      const body = await res.json();
      expect(body.code).toBe('unavailable');
      expect(body.message).toMatch(lang === 'en' ? /temporarily unavailable/ : /ระบบไม่พร้อมให้บริการชั่วคราว/);
    }
    // Alive (no restart wanted), but not ready: the load balancer sends work elsewhere.
    expect((await t.request('/api/health')).status).toBe(200);
    const readiness = await t.request('/api/ready');
    expect(readiness.status).toBe(503);
    expect((await readiness.json()).checks).toMatchObject({ database: 'down' });

    await server!.start();

    // Back: the first request is served (the pool reconnects within its short backoff).
    const after = await t.request('/api/registration', { headers: { cookie } });
    expect(after.status).toBe(200);
    const resumed = await after.json();
    expect(resumed.steps).toEqual(before.steps);
    expect(resumed.proofing).toEqual(before.proofing);
    // Ready again once the LISTEN connection is back too (it reconnects on its own backoff).
    await expect.poll(async () => (await t.request('/api/ready')).status, { timeout: 10_000, interval: 200 }).toBe(200);

    // The phone scans the QR shown before the restart and proves the identity.
    const confirm = await t.request(`/api/proofing/session/${code}/confirm`, { method: 'POST' });
    expect(confirm.status).toBe(200);
    const phoneCookie = confirm.headers.getSetCookie()[0]!.split(';')[0]!;
    const { redirectUrl } = (await confirm.json()) as { redirectUrl: string };
    const callback = await signInAtDevIdp(new URL(redirectUrl), { nationalId, consent: 'allow', redirectUri: `${TEST_ORIGIN}/api/proofing/callback` });
    const landed = await t.request(`${callback.pathname}${callback.search}`, { headers: { cookie: phoneCookie } });
    expect(landed.headers.get('location')).toBe('/p/result?status=done');

    // The desktop's live channel, opened before the restart, hears it: LISTEN re-subscribed.
    const seen = await updated;
    expect(seen.some((e) => e.event === 'update')).toBe(true);
    // The LISTEN opened before the restart carries new notifications, and its subscribers were
    // told to re-read (an empty detail) for what was notified while it was reconnecting.
    await expect.poll(async () => {
      await publish(database!.db, 'registration', 'probe', 'after-restart');
      return probe;
    }, { timeout: 10_000, interval: 200 }).toContain('after-restart');
    expect(probe).toContain('');
    const done = await (await t.request('/api/registration', { headers: { cookie } })).json();
    expect(done.steps[1]).toBe('done');
    expect(done.nationalId).toBe(nationalId);
  });
});
