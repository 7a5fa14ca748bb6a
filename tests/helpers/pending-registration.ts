/** A registration driven through the API up to 'pending' (submitted, waiting for an officer). */
import type { MailCatcher } from '../../api/dev/mailcatcher.ts';
import { findAccountByUsername } from '../../api/domain/accounts.ts';
import { withCheckDigit } from '../../api/domain/identifiers.ts';
import type { Database } from '../../db/index.ts';
import { newAccount } from './accounts.ts';
import type { createTestApp } from './app.ts';
import { loginCookie, makePdf, postStep1, proveIdentity } from './registration.ts';

type TestApp = ReturnType<typeof createTestApp>;

export const PERSONAL = {
  address: { line1: '123/45 ถนนพหลโยธิน', province: 'กรุงเทพมหานคร', district: 'พญาไท', subdistrict: 'สามเสนใน', postcode: '10400' },
  mobile: '081-234-5678',
};
export const WORKPLACE = {
  position: 'นักวิชาการเงินและบัญชี', level: 'ชำนาญการ', line1: 'ถนนพระราม 6',
  province: 'กรุงเทพมหานคร', district: 'พญาไท', subdistrict: 'สามเสนใน', postcode: '10400',
};

let serial = 0;
/** A national ID nobody else in this process uses (the local provider proves any valid one). */
export function freshNationalId(): string {
  serial += 1;
  return withCheckDigit(`3${String(Date.now() % 1e7).padStart(7, '0')}${String(serial).padStart(4, '0')}`);
}

async function ok(res: Response, what: string) {
  if (res.status !== 200) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res;
}

/**
 * A staff account whose registration is submitted and pending (a new one, or the one whose
 * `credentials` are given, e.g. a slip an officer issued); returns its session and ids.
 */
export async function pendingRegistration(
  t: TestApp, database: Database, mail: MailCatcher,
  o: { unitCode?: string; nationalId?: string; email?: string; personal?: typeof PERSONAL; credentials?: { username: string; initialPassword: string } } = {},
) {
  const { account, username, initialPassword } = o.credentials
    ? { ...o.credentials, account: (await findAccountByUsername(database.db, o.credentials.username))! }
    : await newAccount(database, { unitCode: o.unitCode });
  const cookie = await loginCookie(t, username, initialPassword);
  const nationalId = o.nationalId ?? freshNationalId();
  await ok(await postStep1(t, cookie, { nationalId, pdf: await makePdf() }), 'step 1');
  const { location } = await proveIdentity(t, cookie, { nationalId });
  if (location !== '/p/result?status=done') throw new Error(`proofing: ${location}`);
  const headers = { cookie };
  await ok(await t.request('/api/registration/personal', { method: 'PUT', json: o.personal ?? PERSONAL, headers }), 'personal');
  await ok(await t.request('/api/registration/workplace', { method: 'PUT', json: WORKPLACE, headers }), 'workplace');
  const email = o.email ?? `${username.toLowerCase()}.${serial}@example.go.th`;
  const sentAt = Date.now();
  await ok(await t.request('/api/registration/email/send', { method: 'POST', json: { email }, headers }), 'email send');
  const m = await mail.waitFor((x) => x.to.includes(email) && Date.parse(x.date) >= sentAt - 1000 && /\b\d{6}\b/.test(x.text), 10_000);
  const code = /\b(\d{6})\b/.exec(m.text)![1]!;
  await ok(await t.request('/api/registration/email/verify', { method: 'POST', json: { code }, headers }), 'email verify');
  await ok(await t.request('/api/registration/submit', { method: 'POST', headers }), 'submit');
  const tracker = (await (await t.request('/api/registration', { headers })).json()) as { registrationId: string };
  return { account, username, cookie, nationalId, email, registrationId: tracker.registrationId };
}
