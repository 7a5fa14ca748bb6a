import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevIdp, type DevIdp } from '../../api/dev/idp.ts';
import { TEST_CITIZENS } from '../../api/dev/citizens.ts';
import { startMailCatcher, type MailCatcher } from '../../api/dev/mailcatcher.ts';
import { startOutboxWorker, type OutboxWorker } from '../../api/services/mail.ts';
import { withCheckDigit } from '../../api/domain/identifiers.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { newAccount } from '../helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { loginCookie, makePdf, postStep1, proveIdentity } from '../helpers/registration.ts';

const SECRET = 'registration-test-secret';
const somchai = TEST_CITIZENS[0]!;
const lowIal = TEST_CITIZENS.find((c) => c.ial < 2.3)!;

let tdb: TestDatabase;
let idp: DevIdp;
let mail: MailCatcher;
let worker: OutboxWorker;
let t: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  idp = await startDevIdp({ port: 0, host: '127.0.0.1', clientId: 'soft-token', clientSecret: SECRET, redirectUris: [`${TEST_ORIGIN}/api/proofing/callback`] });
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0, host: '127.0.0.1' });
  t = createTestApp(tdb.database, { PROOFING_ISSUER: idp.issuer, PROOFING_CLIENT_SECRET: SECRET, SMTP_URL: mail.smtpUrl });
  worker = await startOutboxWorker(t.deps);
});
afterAll(async () => {
  await worker.stop();
  await mail.close();
  await idp.close();
  await tdb.drop();
});

async function freshUser() {
  const { username, initialPassword } = await newAccount(tdb.database);
  return { username, cookie: await loginCookie(t, username, initialPassword) };
}

const tracker = async (cookie: string) => (await t.request('/api/registration', { headers: { cookie } })).json();

/** A user who has finished step 1 with `nationalId` and proven it as `citizen`. */
async function provenUser(nationalId = somchai.nationalId) {
  const u = await freshUser();
  expect((await postStep1(t, u.cookie, { nationalId, pdf: await makePdf() })).status).toBe(200);
  const { location } = await proveIdentity(t, u.cookie, { nationalId });
  expect(location).toBe('/p/result?status=done');
  return u;
}

const PERSONAL = {
  address: { line1: '123/45 ถนนพหลโยธิน', province: 'กรุงเทพมหานคร', district: 'พญาไท', subdistrict: 'สามเสนใน', postcode: '10400' },
  mobile: '081-234-5678',
};
const WORKPLACE = {
  position: 'นักวิชาการเงินและบัญชี', level: 'ชำนาญการ', line1: 'ถนนพระราม 6',
  province: 'กรุงเทพมหานคร', district: 'พญาไท', subdistrict: 'สามเสนใน', postcode: '10400',
};

async function emailCode(to: string): Promise<string> {
  const m = await mail.waitFor((x) => x.to.includes(to) && x.subject === 'ยืนยันอีเมลลงทะเบียน GFMIS', 10_000);
  return /\b(\d{6})\b/.exec(m.text)![1]!;
}

describe('tracker', () => {
  it('should show step 1 open and the rest blocked for a new user', async () => {
    const { cookie } = await freshUser();
    const body = await tracker(cookie);
    expect(body.steps).toEqual(['start', 'blocked', 'blocked', 'blocked', 'blocked']);
    expect(body.unit).toMatchObject({ code: '0300200000', ministry: 'กระทรวงการคลัง' });
    expect(body.providerName).toBe('เป๋าตัง');
    expect(body.providerNameEn).toBe('Pao Tang');
  });

  it('should refuse the tracker to a request without a session', async () => {
    expect((await t.request('/api/registration')).status).toBe(401);
  });
});

describe('step 1', () => {
  it('should refuse a national ID with a wrong check digit and change nothing', async () => {
    const { cookie } = await freshUser();
    const good = withCheckDigit('110140012345');
    const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10);
    const res = await postStep1(t, cookie, { nationalId: bad, pdf: await makePdf() });
    expect(res.status).toBe(400);
    expect((await res.json()).fields.nationalId.message).toBe('เลขประจำตัวประชาชนไม่ถูกต้อง (เลขตรวจสอบไม่ตรง)');
    expect((await tracker(cookie)).steps[0]).toBe('start');
  });

  it('should refuse a file that is not a PDF by content even when named .pdf', async () => {
    const { cookie } = await freshUser();
    const fake = new TextEncoder().encode('<html>not a pdf</html>');
    const res = await postStep1(t, cookie, { nationalId: somchai.nationalId, pdf: fake, filename: 'order.pdf' });
    expect(res.status).toBe(400);
    expect((await res.json()).fields.file.code).toBe('pdf_invalid');
    const broken = new TextEncoder().encode('%PDF-1.7\nthis is not really a pdf');
    expect((await (await postStep1(t, cookie, { nationalId: somchai.nationalId, pdf: broken })).json()).fields.file.code).toBe('pdf_invalid');
  });

  it('should refuse a PDF over 10 MB', async () => {
    const { cookie } = await freshUser();
    const big = new Uint8Array(10 * 1024 * 1024 + 10);
    big.set(new TextEncoder().encode('%PDF-1.7\n'));
    const res = await postStep1(t, cookie, { nationalId: somchai.nationalId, pdf: big });
    expect([400, 413]).toContain(res.status);
    expect((await res.json()).fields.file).toEqual({ code: 'pdf_too_large', message: 'ไฟล์ต้องมีขนาดไม่เกิน 10MB' });
    expect((await tracker(cookie)).steps[0]).toBe('start');
  });

  it('should require the PDF and the consent from a new user', async () => {
    const { cookie } = await freshUser();
    const res = await postStep1(t, cookie, { nationalId: somchai.nationalId, pdf: null, consent: false });
    const body = await res.json();
    expect(body.fields.file.code).toBe('pdf_required');
    expect(body.fields.consent.code).toBe('consent_required');
  });

  it('should open step 2 when step 1 is complete and refuse a second step 1', async () => {
    const { cookie } = await freshUser();
    expect((await postStep1(t, cookie, { nationalId: somchai.nationalId, pdf: await makePdf() })).status).toBe(200);
    expect((await tracker(cookie)).steps).toEqual(['done', 'start', 'blocked', 'blocked', 'blocked']);
    expect((await postStep1(t, cookie, { nationalId: somchai.nationalId, pdf: await makePdf() })).status).toBe(409);
  });
});

describe('steps out of order', () => {
  it('should refuse proofing, step 3 and submission before step 1', async () => {
    const { cookie } = await freshUser();
    expect((await t.request('/api/registration/proofing', { method: 'POST', headers: { cookie } })).status).toBe(409);
    expect((await t.request('/api/registration/personal', { method: 'PUT', json: PERSONAL, headers: { cookie } })).status).toBe(409);
    expect((await t.request('/api/registration/email/send', { method: 'POST', json: { email: 'a@example.com' }, headers: { cookie } })).status).toBe(409);
    expect((await t.request('/api/registration/submit', { method: 'POST', headers: { cookie } })).status).toBe(409);
  });

  it('should refuse step 3 while proofing is not done', async () => {
    const { cookie } = await freshUser();
    await postStep1(t, cookie, { nationalId: somchai.nationalId, pdf: await makePdf() });
    const res = await t.request('/api/registration/workplace', { method: 'PUT', json: WORKPLACE, headers: { cookie } });
    expect(res.status).toBe(409);
    expect((await res.json()).message).toBe('โปรดดำเนินการตามขั้นตอนให้ครบถ้วนก่อน');
  });
});

describe('step 2: identity proofing', () => {
  it('should show the phone whose proof it is and move to step 3 when the provider proves the same person', async () => {
    const { cookie, username } = await freshUser();
    await postStep1(t, cookie, { nationalId: somchai.nationalId, pdf: await makePdf() });
    const start = await (await t.request('/api/registration/proofing', { method: 'POST', headers: { cookie, 'user-agent': 'DesktopBrowser/1.0' } })).json();
    expect(start.url).toMatch(new RegExp(`^${TEST_ORIGIN}/p/[A-Za-z0-9_-]{22,}$`));
    expect(start.qr).toMatch(/^data:image\/png;base64,/);
    const code = start.url.split('/p/')[1];
    const context = await (await t.request(`/api/proofing/session/${code}`)).json();
    expect(context).toMatchObject({ username, unitCode: '0300200000', desktop: { userAgent: 'DesktopBrowser/1.0' } });
    const { location } = await proveIdentity(t, cookie, { nationalId: somchai.nationalId });
    expect(location).toBe('/p/result?status=done');
    const body = await tracker(cookie);
    expect(body.steps).toEqual(['done', 'done', 'start', 'blocked', 'blocked']);
    expect(body.details.proven).toMatchObject({ nationalId: somchai.nationalId, firstNameTh: 'สมชาย', lastNameEn: 'Jaidee', birthDate: '1985-03-14', ial: 2.3 });
    expect(body.details.proven.address.parts).toMatchObject({ province: 'กรุงเทพมหานคร', postcode: '10400' });
  });

  it('should refuse when the proven national ID differs from step 1', async () => {
    const { cookie } = await freshUser();
    await postStep1(t, cookie, { nationalId: somchai.nationalId, pdf: await makePdf() });
    const { location } = await proveIdentity(t, cookie, { nationalId: TEST_CITIZENS[1]!.nationalId });
    expect(location).toBe('/p/result?status=failed&reason=id_mismatch');
    const body = await tracker(cookie);
    expect(body.steps[1]).toBe('start');
    expect(body.proofing).toMatchObject({ status: 'failed', failureCode: 'id_mismatch' });
  });

  it('should refuse an assurance level below the minimum', async () => {
    const { cookie } = await freshUser();
    await postStep1(t, cookie, { nationalId: lowIal.nationalId, pdf: await makePdf() });
    const { location } = await proveIdentity(t, cookie, { nationalId: lowIal.nationalId });
    expect(location).toBe('/p/result?status=failed&reason=ial_too_low');
  });

  it('should let the person retry after refusing consent at the provider', async () => {
    const { cookie } = await freshUser();
    await postStep1(t, cookie, { nationalId: somchai.nationalId, pdf: await makePdf() });
    const denied = await proveIdentity(t, cookie, { nationalId: somchai.nationalId, consent: 'deny' });
    expect(denied.location).toBe('/p/result?status=failed&reason=denied');
    const retry = await proveIdentity(t, cookie, { nationalId: somchai.nationalId });
    expect(retry.location).toBe('/p/result?status=done');
  });

  it('should refuse a callback that arrives in another browser than the phone that confirmed', async () => {
    const { cookie } = await freshUser();
    await postStep1(t, cookie, { nationalId: somchai.nationalId, pdf: await makePdf() });
    const start = await (await t.request('/api/registration/proofing', { method: 'POST', headers: { cookie } })).json();
    const code = start.url.split('/p/')[1];
    const confirm = await t.request(`/api/proofing/session/${code}/confirm`, { method: 'POST' });
    const { redirectUrl } = await confirm.json();
    const { signInAtDevIdp } = await import('../helpers/dev-idp-browser.ts');
    const callback = await signInAtDevIdp(new URL(redirectUrl), { nationalId: somchai.nationalId, consent: 'allow', redirectUri: `${TEST_ORIGIN}/api/proofing/callback` });
    const other = await t.request(`${callback.pathname}${callback.search}`, { headers: { cookie: 'st_proofing=stolen' } });
    expect(other.headers.get('location')).toBe('/p/result?status=failed&reason=wrong_browser');
    expect((await tracker(cookie)).steps[1]).toBe('start');
  });

  it('should close the link when the phone says the proof is not theirs', async () => {
    const { cookie } = await freshUser();
    await postStep1(t, cookie, { nationalId: somchai.nationalId, pdf: await makePdf() });
    const start = await (await t.request('/api/registration/proofing', { method: 'POST', headers: { cookie } })).json();
    const code = start.url.split('/p/')[1];
    expect((await t.request(`/api/proofing/session/${code}/refuse`, { method: 'POST' })).status).toBe(200);
    expect((await t.request(`/api/proofing/session/${code}/confirm`, { method: 'POST' })).status).toBe(410);
    expect((await tracker(cookie)).proofing.status).toBe('refused');
  });

  it('should work against a differently configured provider', async () => {
    const other = await startDevIdp({
      port: 0, host: '127.0.0.1', clientId: 'gfmis', clientSecret: 'other-secret', redirectUris: [`${TEST_ORIGIN}/api/proofing/callback`],
      claimNames: { pid: 'national_id', ial: 'assurance_level' }, tokenEndpointAuthMethod: 'client_secret_post',
    });
    try {
      const t2 = createTestApp(tdb.database, {
        PROOFING_ISSUER: other.issuer, PROOFING_CLIENT_ID: 'gfmis', PROOFING_CLIENT_SECRET: 'other-secret',
        PROOFING_SCOPES: 'openid national_id assurance_level given_name family_name given_name_en family_name_en birthdate address title',
        PROOFING_CLAIMS: JSON.stringify({ nationalId: 'national_id', ial: 'assurance_level' }), PROOFING_PROVIDER_NAME: 'ThaID', PROOFING_PROVIDER_NAME_EN: 'ThaID (English)',
      });
      const { username, initialPassword } = await newAccount(tdb.database);
      const cookie = await loginCookie(t2, username, initialPassword);
      await postStep1(t2, cookie, { nationalId: somchai.nationalId, pdf: await makePdf() });
      const { location } = await proveIdentity(t2, cookie, { nationalId: somchai.nationalId });
      expect(location).toBe('/p/result?status=done');
      const body = await (await t2.request('/api/registration', { headers: { cookie } })).json();
      expect(body.providerName).toBe('ThaID');
      expect(body.providerNameEn).toBe('ThaID (English)');
      expect(body.details.proven.nationalId).toBe(somchai.nationalId);
    } finally {
      await other.close();
    }
  });
});

describe('step 3: email verification', () => {
  const send = (cookie: string, email: string) => t.request('/api/registration/email/send', { method: 'POST', json: { email }, headers: { cookie } });
  const verify = (cookie: string, code: string) => t.request('/api/registration/email/verify', { method: 'POST', json: { code }, headers: { cookie } });

  it('should verify the email with the 6-digit code sent over SMTP, once', async () => {
    const { cookie } = await provenUser();
    const email = `somchai.${Date.now()}@example.go.th`;
    const sent = await send(cookie, email.toUpperCase());
    expect(sent.status).toBe(200);
    const code = await emailCode(email);
    expect((await verify(cookie, code)).status).toBe(200);
    expect((await tracker(cookie)).details).toMatchObject({ email, emailVerified: true });
    const reused = await verify(cookie, code);
    expect(reused.status).toBe(400);
    expect((await reused.json()).code).toBe('otp_none');
  });

  it('should refuse a wrong code, count the tries and need a new code after the fifth', async () => {
    const { cookie } = await provenUser();
    const email = `wrong.${Date.now()}@example.go.th`;
    await send(cookie, email);
    const code = await emailCode(email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 1; i <= 4; i++) {
      const res = await verify(cookie, wrong);
      // The tries left come as a value too, so a page can say it again in English.
      expect((await res.json()).fields.code).toEqual({ code: 'otp_wrong', message: `รหัสยืนยันไม่ถูกต้อง (เหลืออีก ${5 - i} ครั้ง)`, vars: { triesLeft: 5 - i } });
    }
    expect((await (await verify(cookie, wrong)).json()).code).toBe('otp_locked');
    // The sixth try fails even with the right code: the code is dead.
    expect((await (await verify(cookie, code)).json()).code).toBe('otp_none');
  });

  it('should refuse an expired code', async () => {
    const { cookie } = await provenUser();
    const email = `late.${Date.now()}@example.go.th`;
    await send(cookie, email);
    const code = await emailCode(email);
    t.clock.advance(5 * 60_000 + 1000);
    expect((await (await verify(cookie, code)).json()).code).toBe('otp_expired');
  });

  it('should refuse a resend inside the countdown and allow it after', async () => {
    const { cookie } = await provenUser();
    const email = `again.${Date.now()}@example.go.th`;
    const first = await (await send(cookie, email)).json();
    expect(new Date(first.resendAt).getTime() - t.clock.now().getTime()).toBe(60_000);
    const early = await send(cookie, email);
    expect(early.status).toBe(429);
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(0);
    t.clock.advance(61_000);
    expect((await send(cookie, email)).status).toBe(200);
  });

  it('should refuse an email already bound to another person', async () => {
    const first = await provenUser();
    const email = `shared.${Date.now()}@example.go.th`;
    await send(first.cookie, email);
    await verify(first.cookie, await emailCode(email));
    const second = await provenUser(TEST_CITIZENS[1]!.nationalId);
    const res = await send(second.cookie, email);
    expect(res.status).toBe(409);
    expect((await res.json()).message).toBe('อีเมลนี้ถูกใช้ลงทะเบียนโดยบุคคลอื่นแล้ว กรุณาใช้อีเมลอื่น');
  });
});

describe('step 3: details and submission', () => {
  it('should name every missing required workplace field and keep what was saved', async () => {
    const { cookie } = await provenUser();
    const res = await t.request('/api/registration/workplace', { method: 'PUT', json: { position: 'นักวิชาการ' }, headers: { cookie } });
    expect(res.status).toBe(400);
    const fields = (await res.json()).fields;
    expect(Object.keys(fields).sort()).toEqual(['district', 'level', 'line1', 'postcode', 'province', 'subdistrict']);
    expect(fields.level.message).toBe('กรุณากรอกข้อมูล');
  });

  it('should refuse an address that is not in the Thai address data set', async () => {
    const { cookie } = await provenUser();
    const res = await t.request('/api/registration/workplace', { method: 'PUT', json: { ...WORKPLACE, postcode: '50200' }, headers: { cookie } });
    expect((await res.json()).fields.subdistrict.code).toBe('address_not_real');
  });

  it('should refuse submission without a verified email, then accept it and wait for approval', async () => {
    const { cookie } = await provenUser();
    expect((await t.request('/api/registration/personal', { method: 'PUT', json: PERSONAL, headers: { cookie } })).status).toBe(200);
    expect((await t.request('/api/registration/workplace', { method: 'PUT', json: WORKPLACE, headers: { cookie } })).status).toBe(200);
    const early = await t.request('/api/registration/submit', { method: 'POST', headers: { cookie } });
    expect((await early.json()).code).toBe('email_not_verified');
    const email = `done.${Date.now()}@example.go.th`;
    await t.request('/api/registration/email/send', { method: 'POST', json: { email }, headers: { cookie } });
    await t.request('/api/registration/email/verify', { method: 'POST', json: { code: await emailCode(email) }, headers: { cookie } });
    expect((await t.request('/api/registration/submit', { method: 'POST', headers: { cookie } })).status).toBe(200);
    const body = await tracker(cookie);
    expect(body.steps).toEqual(['done', 'done', 'done', 'waiting', 'blocked']);
    expect(body.details.personal.mobile).toBe('0812345678');
  });
});
