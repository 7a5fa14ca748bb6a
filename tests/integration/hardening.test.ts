/**
 * [HARDEN]: one named regression test per input that used to answer 500, cost the
 * server seconds, or leaked a little; the fuzz suite (fuzz.test.ts) covers the rest.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationCodes, authenticators, documents, serviceRequests } from '../../db/schema.ts';
import { DEFAULT_PUSH_HOSTS } from '../../api/config.ts';
import { isAllowedPushEndpoint } from '../../api/domain/push-endpoints.ts';
import { pdfFilename } from '../../api/http/pdf-response.ts';
import { createTestApp, testConfig } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { randomNationalId, seedApprovedRegistration } from '../helpers/fixtures.ts';
import { signInOfficer } from '../helpers/officer.ts';
import { loginCookie, makePdf } from '../helpers/registration.ts';
import { activatedAccount } from '../helpers/token.ts';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

const app = () => createTestApp(tdb.database);
type App = ReturnType<typeof app>;

/** A service request waiting for its scan (filed for an account that need not exist). */
async function requestAwaitingScan(t: App): Promise<{ trackingNumber: string; id: string }> {
  const filed = await t.request('/api/service-requests', { method: 'POST', headers: { 'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.1` }, json: {
    unitCode: '0300200000', username: 'A03002000009998', purpose: 'reset_password',
    requester: { name: 'นายทดสอบ ระบบ', nationalId: randomNationalId(), email: 'tester@example.go.th', mobile: '081-123-4567', division: 'กอง', department: 'กรม', ministry: 'กระทรวง' },
  } });
  expect(filed.status).toBe(201);
  const { trackingNumber } = await filed.json();
  const [row] = await tdb.database.db.select({ id: serviceRequests.id }).from(serviceRequests).where(eq(serviceRequests.trackingNumber, trackingNumber));
  return { trackingNumber, id: row!.id };
}

function pdfForm(bytes: Uint8Array, name = 'scan.pdf'): FormData {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'application/pdf' }));
  return form;
}

/** A multipart body whose boundary never appears: the parser cannot read it. */
function garbageMultipart(): RequestInit {
  return { method: 'POST', body: '--nope\r\nContent-Disposition: form-data; name="file"\r\n\r\n%PDF-garbage', headers: { 'content-type': 'multipart/form-data; boundary=----never-there' } };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('inputs that answered 500', () => {
  it('should refuse a username holding U+0000 at login with a 400 field error in Thai', async () => {
    const res = await app().request('/api/auth/login', { method: 'POST', json: { username: 'A\u0000', password: 'x' } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('validation');
    expect(body.fields.username).toEqual({ code: 'invalid_characters', message: expect.stringContaining('อักขระ') });
  });

  it('should refuse an unpaired surrogate in a JSON string with a 400 field error in English', async () => {
    const res = await app().request('/api/auth/login', {
      method: 'POST', body: '{"username":"A\\ud800","password":"x"}', headers: { 'content-type': 'application/json', 'accept-language': 'en' },
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.fields.username.code).toBe('invalid_characters');
    expect(body.fields.username.message).toMatch(/not allowed/);
  });

  it('should refuse U+0000 in a JSON key with a 400 field error', async () => {
    const res = await app().request('/api/auth/login', { method: 'POST', body: '{"username":"A","password":"x","\\u0000":1}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect((await res.json()).fields._.code).toBe('invalid_characters');
  });

  it('should refuse a NUL state on the proofing callback with a 400 field error', async () => {
    const res = await app().request('/api/proofing/callback?state=%00&code=x');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.fields.state.code).toBe('invalid_characters');
  });

  it('should refuse a NUL in a path parameter with a 400 field error', async () => {
    const res = await app().request('/api/service-requests/SR-%00');
    expect(res.status).toBe(400);
    expect((await res.json()).fields.path.code).toBe('invalid_characters');
  });

  it('should refuse NUL in the officer search queries with a 400 field error', async () => {
    const t = app();
    const officer = await signInOfficer(t, tdb.database, { roles: ['officer', 'admin'] });
    for (const path of ['/api/officer/registrations?name=a%00b', '/api/officer/accounts?q=%00', '/api/officer/audit?username=A%00', '/api/officer/audit?action=%00']) {
      const res = await t.request(path, { headers: { cookie: officer.cookie } });
      expect(res.status, path).toBe(400);
      const { fields } = await res.json();
      expect(Object.values(fields).map((f) => (f as { code: string }).code), path).toEqual(['invalid_characters']);
    }
  });

  it('should answer 400 to a malformed multipart body on a service request scan', async () => {
    const t = app();
    const { trackingNumber } = await requestAwaitingScan(t);
    const res = await t.request(`/api/service-requests/${trackingNumber}/scan`, garbageMultipart());
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('bad_request');
  });

  it('should answer 400 to a malformed multipart body on registration step 1', async () => {
    const t = app();
    const seed = await seedApprovedRegistration(tdb.database);
    const cookie = await loginCookie(t, seed.username, seed.initialPassword);
    const init = garbageMultipart();
    const res = await t.request('/api/registration/step1', { ...init, headers: { ...(init.headers as Record<string, string>), cookie } });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('bad_request');
  });

  it('should answer 409 credential_taken when a passkey registered to another account is activated, and change nothing', async () => {
    const t = app();
    const first = await activatedAccount(t, tdb.database);
    const second = await seedApprovedRegistration(tdb.database);
    const cookie = await loginCookie(t, second.username, second.initialPassword);
    const { url } = await (await t.request('/api/registration/activation', { method: 'POST', headers: { cookie } })).json();
    const code = url.split('#')[1];
    const { options, challengeId } = await (await t.request('/api/activation/options', { method: 'POST', json: { code } })).json();
    // The same phone (the same credential id) answers for the second account.
    const res = await t.request('/api/activation/verify', { method: 'POST', headers: { 'accept-language': 'en' }, json: { code, challengeId, response: first.phone.create(options) } });
    expect(res.status).toBe(409);
    const body = await res.json();
    expect(body.code).toBe('credential_taken');
    expect(body.message).toMatch(/already registered to another account/);
    const [held] = await tdb.database.db.select({ n: count() }).from(authenticators).where(eq(authenticators.accountId, second.account.id));
    expect(held!.n).toBe(0);
    const [row] = await tdb.database.db.select().from(activationCodes).where(eq(activationCodes.accountId, second.account.id));
    expect(row!.consumedAt).toBeNull();
  });
});

describe('inputs that cost seconds', () => {
  it('should refuse an HTML+PDF polyglot whose first bytes are not %PDF-', async () => {
    const t = app();
    const { trackingNumber } = await requestAwaitingScan(t);
    const pdf = await makePdf();
    const html = new TextEncoder().encode('<html><script>alert(1)</script><!--\n');
    const polyglot = new Uint8Array([...html, ...pdf]);
    const res = await t.request(`/api/service-requests/${trackingNumber}/scan`, { method: 'POST', body: pdfForm(polyglot) });
    expect(res.status).toBe(400);
    expect((await res.json()).fields.file.code).toBe('pdf_invalid');
    // The same PDF without the HTML in front is accepted.
    expect((await t.request(`/api/service-requests/${trackingNumber}/scan`, { method: 'POST', body: pdfForm(pdf) })).status).toBe(200);
  });

  it('should answer 413 with a JSON error to a JSON body over 64 KiB, before parsing it', async () => {
    const res = await app().request('/api/auth/login', { method: 'POST', json: { username: 'A', password: 'x'.repeat(65 * 1024) } });
    expect(res.status).toBe(413);
    const body = await res.json();
    expect(body.code).toBe('body_too_large');
    expect(typeof body.message).toBe('string');
  });

  it('should still take an officer CSV import larger than 64 KiB (its own limit)', async () => {
    const t = app();
    const officer = await signInOfficer(t, tdb.database, { roles: ['officer', 'admin'] });
    const csv = `unit_code,display_name\n${'9999999999,x\n'.repeat(6000)}`;
    expect(csv.length).toBeGreaterThan(64 * 1024);
    const res = await t.request('/api/officer/accounts/import', { method: 'POST', headers: { cookie: officer.cookie }, json: { csv } });
    expect(res.status).toBe(400); // read and checked (too many rows), not refused for its size
    expect((await res.json()).code).toBe('validation');
  });

  it('should refuse a crafted slow PDF while /api/health stays within 5x of its idle latency', async () => {
    const t = app();
    const { trackingNumber, id } = await requestAwaitingScan(t);
    // ~10 MB of tiny objects: pdf-lib takes seconds over it (8+ s on this machine).
    const parts = ['%PDF-1.7\n'];
    let size = parts[0]!.length;
    for (let i = 1; size < 10 * 1024 * 1024 - 4096; i++) {
      const obj = `${i} 0 obj\n<< /A [1 2 3] >>\nendobj\n`;
      parts.push(obj);
      size += obj.length;
    }
    parts.push('trailer\n<< /Root 1 0 R >>\n%%EOF\n');
    const slow = new TextEncoder().encode(parts.join(''));

    const health = async () => {
      const started = performance.now();
      const res = await t.request('/api/health');
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      return performance.now() - started;
    };
    // Between calls the loop yields a turn, as sockets would: with in-process PGlite a health
    // call is all promises and would otherwise never let the worker's answer or timer in.
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    for (let i = 0; i < 5; i++) { await health(); await turn(); } // warm up
    const idle: number[] = [];
    for (let i = 0; i < 30; i++) { idle.push(await health()); await turn(); }

    let done = false;
    const upload = Promise.resolve(t.request(`/api/service-requests/${trackingNumber}/scan`, { method: 'POST', body: pdfForm(slow, 'slow.pdf') }))
      .finally(() => { done = true; });
    const during: number[] = [];
    while (!done) { during.push(await health()); await turn(); }
    const res = await upload;

    expect(res.status).toBe(400);
    expect((await res.json()).fields.file.code).toBe('pdf_too_complex');
    const [row] = await tdb.database.db.select({ scan: serviceRequests.scanDocumentId }).from(serviceRequests).where(eq(serviceRequests.id, id));
    expect(row!.scan).toBeNull();
    // The event loop stayed free while the worker parsed: many health calls were answered, at about idle speed.
    console.log(`health: idle median ${median(idle).toFixed(2)} ms; during the check median ${median(during).toFixed(2)} ms over ${during.length} calls`);
    expect(during.length).toBeGreaterThan(10);
    expect(median(during)).toBeLessThanOrEqual(5 * median(idle));
  });
});

describe('small leaks', () => {
  it('should name a downloaded upload .pdf whatever name it was uploaded with', async () => {
    const t = app();
    const { trackingNumber, id } = await requestAwaitingScan(t);
    expect((await t.request(`/api/service-requests/${trackingNumber}/scan`, { method: 'POST', body: pdfForm(await makePdf(), 'evil.html') })).status).toBe(200);
    const [doc] = await tdb.database.db.select({ filename: documents.filename }).from(documents)
      .innerJoin(serviceRequests, eq(serviceRequests.scanDocumentId, documents.id)).where(eq(serviceRequests.id, id));
    expect(doc!.filename).toBe('evil.html');
    const officer = await signInOfficer(t, tdb.database, { roles: ['officer'] });
    const res = await t.request(`/api/officer/service-requests/${id}/scan`, { headers: { cookie: officer.cookie } });
    expect(res.status).toBe(200);
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toContain('filename="evil.html.pdf"');
    expect(disposition).toContain("filename*=UTF-8''evil.html.pdf");
    expect(pdfFilename('คำสั่ง.PDF')).toBe('คำสั่ง.PDF');
    expect(pdfFilename('\ud800x')).toBe('_x.pdf');
    expect(pdfFilename('')).toBe('document.pdf');
  });

  it('should refuse a push endpoint that is not on the allow-list with a 400 field error', async () => {
    const t = app();
    const a = await activatedAccount(t, tdb.database);
    const keys = { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) };
    for (const endpoint of ['https://attacker.example.com/push', 'https://169.254.169.254/latest/meta-data', 'https://fcm.googleapis.com.evil.com/x', 'https://user:pw@fcm.googleapis.com/x']) {
      const res = await t.request('/api/device/push', { method: 'PUT', headers: { cookie: a.device }, json: { endpoint, keys } });
      expect(res.status, endpoint).toBe(400);
      expect((await res.json()).fields.endpoint.code, endpoint).toBe('push_endpoint_not_allowed');
    }
    const ok = await t.request('/api/device/push', { method: 'PUT', headers: { cookie: a.device }, json: { endpoint: 'https://fcm.googleapis.com/fcm/send/abc:123', keys } });
    expect(ok.status).toBe(200);
  });

  it('should match the known push services and only them', () => {
    const allowed = ['https://fcm.googleapis.com/fcm/send/x', 'https://updates.push.services.mozilla.com/wpush/v2/x',
      'https://wns2-par02p.notify.windows.com/w/?token=x', 'https://web.push.apple.com/x', 'https://api.push.apple.com/x'];
    const refused = ['http://fcm.googleapis.com/x', 'https://push.services.mozilla.com/x', 'https://notify.windows.com.evil.org/x',
      'https://evilfcm.googleapis.com/x', 'https://localhost/x', 'https://127.0.0.1:8443/x', 'not a url'];
    for (const e of allowed) expect(isAllowedPushEndpoint(e, DEFAULT_PUSH_HOSTS), e).toBe(true);
    for (const e of refused) expect(isAllowedPushEndpoint(e, DEFAULT_PUSH_HOSTS), e).toBe(false);
    // Development and tests add the local endpoints; an explicit list in production is exactly that list.
    expect(testConfig().pushEndpointHosts).toEqual(expect.arrayContaining(['127.0.0.1', ...DEFAULT_PUSH_HOSTS]));
    expect(testConfig({ PUSH_ENDPOINT_HOSTS: 'push.example.go.th' }).pushEndpointHosts).toContain('push.example.go.th');
    expect(() => testConfig({ PUSH_ENDPOINT_HOSTS: 'https://x/' })).toThrow(/PUSH_ENDPOINT_HOSTS/);
  });
});
