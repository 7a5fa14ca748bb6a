/**
 * R-10.4 as a property, over every route the Hono app lists (so a new route is covered
 * without being named here): whatever the body, parameters, query string, headers, cookies
 * or multipart upload, no answer is ≥ 500, every refusal is a JSON `{ code, message }`,
 * a refused (4xx) request changes no row, and nothing reaches Object.prototype.
 *
 * Inputs come from each route's own zod schemas (`ROUTE_INPUTS`, via JSON Schema): valid
 * values, the same values with one part made hostile, and hostile values alone (NUL, lone
 * surrogates, 1 MB strings, deep nesting, wrong types, `__proto__`/`constructor` keys).
 * Callers: nobody, a staff account mid-registration, one with an approved registration,
 * a token holder (portal session and phone cookie), an officer with every role, officers
 * half-way through the passkey sign-in, and a forced password change.
 *
 * FUZZ_RUNS random cases per route (default 12) on top of the fixed hostile ones;
 * FUZZ_SEED replays a run (the seed is printed); FUZZ_DEBUG=1 prints each route's statuses
 * and any case slower than half a second.
 */
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { accounts, authenticators, deviceTokens, loginRequests, registrations, serviceRequests } from '../../db/schema.ts';
import { loginThrottledMail } from '../../api/domain/emails.ts';
import { createSession } from '../../api/domain/sessions.ts';
import { randomToken, sha256 } from '../../api/lib/crypto.ts';
import { ROUTE_INPUTS } from '../../api/http/validate.ts';
import type { Session } from '../../db/schema.ts';
import { newAccount } from '../helpers/accounts.ts';
import { createTestApp, TEST_ORIGIN } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { randomNationalId, seedApprovedRegistration } from '../helpers/fixtures.ts';
import { signInOfficer } from '../helpers/officer.ts';
import { makePdf } from '../helpers/registration.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/**
 * Tables a refused request may legitimately write, and so left out of the before/after
 * comparison: audit_events records refusals on purpose (R-10.1: failed logins, failed
 * activations, …); login_throttles counts failed logins per account and IP and the per-IP
 * ceiling of the public form (R-6.1), which is the point of it.
 */
const MAY_CHANGE_ON_REFUSAL = new Set(['audit_events', 'login_throttles']);
/**
 * Rows a refusal may add to a compared table: the throttle's once-a-day email telling the
 * holder that someone keeps getting their password wrong (R-6.1) is queued by a refusal.
 */
const THROTTLE_SUBJECT = loginThrottledMail('\u0001').subject.replace(/[%_\\']/g, (ch) => (ch === "'" ? "''" : `\\${ch}`)).replace('\u0001', '%');
const ROW_FILTERS: Record<string, string> = { mail_outbox: `where subject not like '${THROTTLE_SUBJECT}'` };

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

/* ── the callers ───────────────────────────────────────────────────────────── */

type Identity = 'none' | 'staff' | 'approved' | 'portal' | 'officer' | 'officerVerify' | 'officerEnrol' | 'passwordChange' | 'junk';
const IDENTITIES: Identity[] = ['none', 'staff', 'approved', 'portal', 'officer', 'officerVerify', 'officerEnrol', 'passwordChange', 'junk'];

type World = {
  accountOf: Partial<Record<Identity, string>>;
  cookies: Partial<Record<Identity, string>>; // refreshed before every route: a 2xx logout may end one
  device: string;
  pools: { uuid: string[]; tracking: string[]; username: string[]; code: string[] };
};

async function buildWorld(t: ReturnType<typeof createTestApp>): Promise<World> {
  const db = tdb.database.db;
  const staff = await newAccount(tdb.database);
  const approved = await seedApprovedRegistration(tdb.database);
  const holder = await seedApprovedRegistration(tdb.database);
  // Officers with an enrolled passkey (the console requires one); the shared helper signs them in.
  const officer = await signInOfficer(t, tdb.database, { roles: ['officer', 'reviewer', 'admin'] });
  const officerVerify = await signInOfficer(t, tdb.database, { roles: ['officer'] });
  const officerEnrol = await newAccount(tdb.database, { unitCode: '0300400004', officer: ['officer'] });
  const changing = await newAccount(tdb.database);
  // The holder's token and phone cookie, written directly (no passkey ceremony needed to be fuzzed).
  const [authenticator] = await db.insert(authenticators).values({
    accountId: holder.account.id, personId: holder.person.id, webauthnUserId: randomToken(16), credentialId: randomToken(32),
    publicKey: randomBytes(77), validUntil: new Date('2028-11-25T03:00:00Z'),
  }).returning();
  await db.update(registrations).set({ status: 'activated' }).where(eq(registrations.id, holder.registration.id));
  const device = randomToken(32);
  await db.insert(deviceTokens).values({ tokenHash: sha256(device), authenticatorId: authenticator!.id });
  // A service request to find by its tracking number, one with a scan, and a login request.
  const filed = await t.request('/api/service-requests', { method: 'POST', json: {
    unitCode: '0300200000', username: holder.username, purpose: 'reset_password',
    requester: { name: 'นายทดสอบ ระบบ', nationalId: randomNationalId(), email: 'fuzz@example.go.th', mobile: '081-123-4567', division: 'กอง', department: 'กรม', ministry: 'กระทรวง' },
  } });
  const { trackingNumber } = await filed.json();
  const rows = {
    registrations: await db.select({ id: registrations.id }).from(registrations),
    requests: await db.select({ id: serviceRequests.id, tracking: serviceRequests.trackingNumber }).from(serviceRequests),
    accounts: await db.select({ id: accounts.id, username: accounts.username }).from(accounts),
    logins: await db.select({ id: loginRequests.id }).from(loginRequests),
  };
  return {
    accountOf: {
      staff: staff.account.id, approved: approved.account.id, portal: holder.account.id, officer: officer.account.id,
      officerVerify: officerVerify.account.id, officerEnrol: officerEnrol.account.id, passwordChange: changing.account.id,
    },
    cookies: {},
    device: `st_device=${device}`,
    pools: {
      uuid: [...rows.registrations, ...rows.requests, ...rows.accounts, ...rows.logins].map((r) => r.id),
      tracking: [trackingNumber, ...rows.requests.map((r) => r.tracking)],
      username: rows.accounts.map((r) => r.username),
      code: [randomToken(16)],
    },
  };
}

const SESSION_KIND: Partial<Record<Identity, Session['kind']>> = {
  staff: 'registration', approved: 'registration', portal: 'portal', officer: 'portal',
  officerVerify: 'officer_verify', officerEnrol: 'officer_enrol', passwordChange: 'password_change',
};

/** New sessions for every caller (written directly, so robust to how sign-in works). */
async function refreshSessions(t: ReturnType<typeof createTestApp>, world: World) {
  for (const [who, kind] of Object.entries(SESSION_KIND) as [Identity, Session['kind']][]) {
    const { token } = await createSession(tdb.database.db, t.clock, t.deps.config.session, { accountId: world.accountOf[who]!, kind });
    world.cookies[who] = `st_session=${token}`;
  }
}

/** The caller a route is most likely meant for, so guarded handlers are reached. */
function likelyIdentity(path: string): Identity {
  if (path.startsWith('/api/officer-passkey/enrol')) return 'officerEnrol';
  if (path.startsWith('/api/officer-passkey')) return 'officerVerify';
  if (path.startsWith('/api/officer')) return 'officer';
  if (path.startsWith('/api/device') || path.startsWith('/api/portal') || path.startsWith('/api/auth')) return 'portal';
  if (path.startsWith('/api/registration/activation')) return 'approved';
  if (path.startsWith('/api/registration')) return 'staff';
  return 'none';
}

/* ── the routes ────────────────────────────────────────────────────────────── */

type JsonSchema = {
  type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema;
  enum?: unknown[]; const?: unknown; pattern?: string; format?: string; minLength?: number; maxLength?: number;
  minimum?: number; maximum?: number; minItems?: number; maxItems?: number; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[];
};

type Route = { method: string; path: string; json?: JsonSchema; query?: JsonSchema; param?: JsonSchema; upload: boolean };

function listRoutes(app: ReturnType<typeof createTestApp>['app']): Route[] {
  const byKey = new Map<string, Route>();
  for (const r of app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/')) continue; // middleware and the catch-all
    const key = `${r.method} ${r.path}`;
    const route = byKey.get(key) ?? { method: r.method, path: r.path, upload: false };
    byKey.set(key, route);
    const input = ROUTE_INPUTS.get(r.handler);
    if (!input) continue;
    if (input.target === 'form') route.upload = true;
    if (input.schema && (input.target === 'json' || input.target === 'query' || input.target === 'param')) {
      route[input.target] = z.toJSONSchema(input.schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
    }
  }
  return [...byKey.values()];
}

/* ── values ────────────────────────────────────────────────────────────────── */

const MB = 'x'.repeat(1024 * 1024);
const DEEP_ARRAY = '['.repeat(20_000) + ']'.repeat(20_000); // under the body limit, so it is parsed
const DEEP_OBJECT = '{"a":'.repeat(8_000) + '1' + '}'.repeat(8_000);
const HOSTILE_STRINGS = ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', '\udfff\ud800', '', ' ', '%00', '%ZZ', '..%2F..%2Fetc', "' or 1=1 --",
  '<script>alert(1)</script>', '\u202e', 'ＡＢＣ๑๒๓', '0', '-1', '1e309', 'NaN', 'true', 'null', '__proto__', 'constructor', '{{7*7}}', '${7*7}'];
const utf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), utf16, fc.constant(MB), fc.string({ unit: 'binary', maxLength: 30 }));
const wrongType = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}),
  fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }));
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(hostileString, wrongType);

/** Values that fit a JSON Schema (as zod renders it). */
function fromSchema(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return fc.constant(null);
  if ('const' in s) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => fromSchema(a, depth + 1)));
  if (s.allOf?.length) return fromSchema(s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string': return stringFor(s);
    case 'integer': return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 100_000 });
    case 'number': return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': return fc.array(fromSchema(s.items, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object': {
      const props = s.properties ?? {};
      const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
      return fc.record(shape, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    default: return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null));
  }
}

function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'email') return fc.emailAddress();
  if (s.format === 'uri') return fc.webUrl({ validSchemes: ['https'] });
  if (s.pattern) {
    try { return fc.stringMatching(new RegExp(s.pattern)); } catch { /* a pattern fast-check cannot generate from */ }
  }
  return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 60) });
}

/** Every path into a JSON value, containers included. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

/** `value` with the part at the `pick`-th path replaced by `bad` (a copy). */
function replaceAt(value: unknown, pick: number, bad: unknown): unknown {
  const paths = pathsOf(value);
  const path = paths[pick % paths.length]!;
  if (!path.length) return bad;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = bad;
  return copy;
}

/** A JSON text with prototype-pollution keys in front of an object's own keys. */
function withProtoKeys(text: string): string {
  const keys = '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}';
  return text.startsWith('{') ? `{${keys}${text === '{}' ? '' : ','}${text.slice(1)}` : `{${keys}}`;
}

/** encodeURIComponent, except that a lone surrogate becomes the UTF-8 bytes it would have had. */
function encodeSegment(s: string): string {
  try { return encodeURIComponent(s); } catch { return [...s].map((ch) => (/\p{Cs}/u.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join(''); }
}

/* ── cases ─────────────────────────────────────────────────────────────────── */

type Body =
  | { kind: 'none' }
  | { kind: 'json'; text: string }
  | { kind: 'raw'; text: string; type: string }
  | { kind: 'multipart'; fields: [string, string][]; file?: { bytes: Uint8Array; name: string; type: string } }
  | { kind: 'urlencoded'; text: string };

type Case = {
  method: string;
  path: string; // with parameters filled in, already encoded
  query: string;
  identity: Identity;
  withDevice: boolean;
  junkCookies: string[];
  headers: Record<string, string>;
  body: Body;
};

let SMALL_PDF: Uint8Array;

function caseArb(route: Route, world: World): fc.Arbitrary<Case> {
  const paramNames = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const paramValue = (name: string) => {
    const pool = name === 'tracking' ? world.pools.tracking : name === 'username' ? world.pools.username : name === 'id' ? world.pools.uuid : world.pools.code;
    const fromParamSchema = fromSchema(route.param?.properties?.[name] ?? { type: 'string' }).map(String);
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...pool).map(encodeSegment) },
      { weight: 3, arbitrary: fromParamSchema.map(encodeSegment) },
      { weight: 2, arbitrary: hostileString.map(encodeSegment) },
      { weight: 1, arbitrary: fc.constantFrom('%00', '%ZZ', '%ED%A0%80', '%2e%2e', 'a%2Fb', '%C0%80') },
    );
  };
  const path = fc.tuple(...paramNames.map(paramValue)).map((values) => {
    let i = 0;
    return route.path.replace(/:(\w+)(\{[^}]*\})?/g, () => values[i++]!);
  });

  const queryObject = route.query ? fromSchema(route.query) : fc.constant({});
  const query = fc.oneof(
    { weight: 3, arbitrary: queryObject.map((o) => toQuery(o)) },
    { weight: 2, arbitrary: fc.tuple(queryObject, fc.nat(), hostileValue).map(([o, pick, bad]) => toQuery(replaceAt(o, pick, bad))) },
    { weight: 1, arbitrary: fc.constantFrom('?a=%00', '?page=-1&pageSize=1e9', '?status=a&status=b', '?__proto__[x]=1&constructor=1', `?q=${'A'.repeat(100_000)}`, '?%ZZ=%ZZ', '?&&==&') },
  );

  const jsonValue = route.json ? fromSchema(route.json) : fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 });
  const jsonBody: fc.Arbitrary<Body> = fc.oneof(
    { weight: 3, arbitrary: jsonValue.map((v) => ({ kind: 'json' as const, text: JSON.stringify(v) ?? 'null' })) },
    { weight: 3, arbitrary: fc.tuple(jsonValue, fc.nat(), hostileValue).map(([v, pick, bad]) => ({ kind: 'json' as const, text: JSON.stringify(replaceAt(v, pick, bad)) ?? 'null' })) },
    { weight: 1, arbitrary: jsonValue.map((v) => ({ kind: 'json' as const, text: withProtoKeys(JSON.stringify(v) ?? '{}') })) },
    { weight: 1, arbitrary: fc.constantFrom('{bad', '', '[]', 'null', '"x"', '1', DEEP_ARRAY, DEEP_OBJECT, `{"a":"${MB}"}`, '\u0000', '{"a":"\\ud800"}')
      .map((text) => ({ kind: 'json' as const, text })) },
  );
  const fileArb = fc.record({
    bytes: fc.oneof(fc.uint8Array({ maxLength: 256 }), fc.constant(new TextEncoder().encode('%PDF-1.7 junk')), fc.constant(SMALL_PDF)),
    name: fc.oneof(fc.constantFrom('scan.pdf', 'a.html', '', '"; x=".pdf', '../../x.pdf'), hostileString.filter((s) => s.length < 300)),
    type: fc.constantFrom('application/pdf', 'text/html', 'application/octet-stream', ''),
  });
  const multipart: fc.Arbitrary<Body> = fc.record({
    kind: fc.constant('multipart' as const),
    fields: fc.array(fc.tuple(fc.oneof(fc.constantFrom('nationalId', 'consent', 'file'), hostileString.filter((s) => s.length < 100)),
      fc.oneof(fc.constantFrom('true', '1101400123451'), hostileString)), { maxLength: 4 }),
    file: fc.option(fileArb, { nil: undefined }),
  });
  const oddBody: fc.Arbitrary<Body> = fc.oneof(
    fc.constantFrom(
      { kind: 'raw' as const, text: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\n%PDF-', type: 'multipart/form-data; boundary=never' },
      { kind: 'raw' as const, text: 'garbage', type: 'multipart/form-data' },
      { kind: 'raw' as const, text: '{"a":1}', type: 'application/json; charset=utf-16' },
      { kind: 'raw' as const, text: '{"a":1}', type: 'text/plain' },
      { kind: 'raw' as const, text: 'x'.repeat(70_000), type: 'application/json' },
    ),
    fc.string({ maxLength: 50 }).map((text) => ({ kind: 'urlencoded' as const, text })),
  );
  const body: fc.Arbitrary<Body> = route.method === 'GET' || route.method === 'HEAD'
    ? fc.constant({ kind: 'none' as const })
    : route.upload
      ? fc.oneof({ weight: 4, arbitrary: multipart }, { weight: 1, arbitrary: jsonBody }, { weight: 1, arbitrary: oddBody })
      : fc.oneof({ weight: 5, arbitrary: jsonBody }, { weight: 1, arbitrary: multipart }, { weight: 1, arbitrary: oddBody }, { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) });

  const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 60 });
  const headers = fc.record({
    'accept-language': fc.oneof(fc.constantFrom('en', 'th', 'en-US,en;q=0.9', '*'), headerText),
    'x-forwarded-for': headerText,
    'user-agent': fc.oneof(headerText, fc.constant('U'.repeat(10_000))),
    origin: fc.oneof({ weight: 8, arbitrary: fc.constant(TEST_ORIGIN) }, { weight: 1, arbitrary: fc.constantFrom('https://evil.example', 'null') }),
    'x-request-id': headerText,
  }, { requiredKeys: ['origin'] });
  const junkCookie = fc.oneof(
    fc.constantFrom('st_session=%00', 'st_session=%ZZ', `st_session=${'A'.repeat(10_000)}`, 'st_device=%00', 'st_binding=x', 'st_proofing=%ED%A0%80', 'lang=%00', 'lang=en'),
    headerText.filter((s) => !/[;,]/.test(s)).map((v) => `st_session=${v}`),
  );

  return fc.record({
    method: fc.constant(route.method),
    path,
    query,
    identity: fc.oneof({ weight: 3, arbitrary: fc.constant(likelyIdentity(route.path)) }, { weight: 1, arbitrary: fc.constantFrom(...IDENTITIES) }),
    withDevice: fc.boolean(),
    junkCookies: fc.array(junkCookie, { maxLength: 2 }),
    headers,
    body,
  });
}

function toQuery(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return `?v=${encodeSegment(String(value))}`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item === undefined) continue;
      parts.push(`${encodeSegment(k)}=${encodeSegment(typeof item === 'object' ? JSON.stringify(item) : String(item))}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** The fixed hostile cases every route gets, whatever the random ones are. */
function fixedCases(route: Route, world: World): Case[] {
  const base: Case = {
    method: route.method, path: route.path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) => encodeSegment(
      name === 'tracking' ? world.pools.tracking[0]! : name === 'username' ? world.pools.username[0]! : name === 'id' ? world.pools.uuid[0]! : world.pools.code[0]!)),
    query: '', identity: likelyIdentity(route.path), withDevice: true, junkCookies: [], headers: { origin: TEST_ORIGIN }, body: { kind: 'none' },
  };
  const out: Case[] = [base];
  for (const bad of ['%00', '%ED%A0%80', '%ZZ', encodeSegment(MB.slice(0, 100_000))]) {
    if (route.path.includes(':')) out.push({ ...base, path: route.path.replace(/:(\w+)(\{[^}]*\})?/g, bad) });
  }
  for (const q of ['?state=%00&q=%00&name=%00&username=%00', '?page=0&pageSize=-5&from=2026-02-31&__proto__=1&constructor=x']) out.push({ ...base, query: q });
  for (const cookie of ['st_session=%00; st_device=%ZZ; lang=\u00ff', `st_session=${'A'.repeat(10_000)}`]) out.push({ ...base, junkCookies: [cookie] });
  out.push({ ...base, headers: { ...base.headers, 'accept-language': '\u00ff'.repeat(100), 'x-forwarded-for': 'not an ip, ::1, 999.1.1.1' } });
  if (route.method !== 'GET' && route.method !== 'HEAD') {
    const sample = route.json ? fc.sample(fromSchema(route.json), { numRuns: 1, seed: SEED })[0] : { a: 'b' };
    const texts = [
      ...['\u0000', '\ud800', MB, 12, null, [], {}, true].map((bad) => JSON.stringify(replaceAt(sample, 1, bad))),
      withProtoKeys(JSON.stringify(sample) ?? '{}'), DEEP_ARRAY, DEEP_OBJECT, '{bad', '', `"${MB}"`,
    ];
    for (const text of texts) out.push({ ...base, body: { kind: 'json', text } });
    out.push({ ...base, body: { kind: 'raw', text: 'garbage', type: 'multipart/form-data; boundary=zzz' } });
    out.push({ ...base, body: { kind: 'multipart', fields: [['nationalId', '\u0000'], ['consent', '\ud800']], file: { bytes: new TextEncoder().encode('<html>%PDF-'), name: 'x\u0000\ud800.html', type: 'text/html' } } });
    out.push({ ...base, body: { kind: 'multipart', fields: [['consent', 'true']], file: { bytes: new TextEncoder().encode('%PDF-1.7\n%%EOF'), name: `${'ก'.repeat(200)}.pdf`, type: 'application/pdf' } } });
  }
  return out;
}

/* ── running a case ────────────────────────────────────────────────────────── */

type Outcome = { status: number; violation?: string };

async function runCase(t: ReturnType<typeof createTestApp>, world: World, c: Case): Promise<Outcome> {
  const headers = new Headers(c.headers);
  const cookies = [...c.junkCookies];
  const session = world.cookies[c.identity];
  if (session) cookies.unshift(session);
  if (c.withDevice || c.identity === 'portal') cookies.push(world.device);
  if (cookies.length) headers.set('cookie', cookies.join('; '));
  let body: BodyInit | undefined;
  switch (c.body.kind) {
    case 'json': body = c.body.text; headers.set('content-type', 'application/json'); break;
    case 'raw': body = c.body.text; headers.set('content-type', c.body.type); break;
    case 'urlencoded': body = c.body.text; headers.set('content-type', 'application/x-www-form-urlencoded'); break;
    case 'multipart': {
      const form = new FormData();
      for (const [k, v] of c.body.fields) form.append(k, v);
      if (c.body.file) form.append('file', new File([c.body.file.bytes as Uint8Array<ArrayBuffer>], c.body.file.name, { type: c.body.file.type }));
      body = form;
      break;
    }
  }
  let res: Response;
  try {
    res = await t.app.request(`${c.path}${c.query}`, { method: c.method, headers, body });
  } catch (err) {
    return { status: 0, violation: `threw ${String(err).slice(0, 200)}` };
  }
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status };
  }
  const text = await res.text();
  if (res.status >= 500) return { status: res.status, violation: `answered ${res.status}: ${text.slice(0, 200)}` };
  if (res.status >= 400) {
    let json: { code?: unknown; message?: unknown } | undefined;
    try { json = JSON.parse(text); } catch { /* checked below */ }
    if (typeof json?.code !== 'string' || typeof json?.message !== 'string') return { status: res.status, violation: `refusal without { code, message }: ${text.slice(0, 200)}` };
  }
  return { status: res.status };
}

/** A hash of every table's rows (bar those a refusal may write), in one query. */
let snapshotQuery: string | undefined;
type Snapshot = { tables: Map<string, string>; sessions: Map<string, string> };

async function snapshot(): Promise<Snapshot> {
  const db = tdb.database.db;
  if (!snapshotQuery) {
    const tablesResult = await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
    const tables = rowsOf<{ table_name: string }>(tablesResult).map((r) => r.table_name).filter((n) => !MAY_CHANGE_ON_REFUSAL.has(n) && n !== 'sessions');
    // Order-independent: the sum of a 64-bit hash of each row's text, with the row count.
    snapshotQuery = [
      ...tables.map((n) => `select '${n}' as t, count(*)::text || ':' || coalesce(sum(hashtextextended(x::text, 0)), 0)::text as h from "${n}" x ${ROW_FILTERS[n] ?? ''}`),
      `select 'session:' || id_hash as t, hashtextextended(x::text, 0)::text as h from sessions x`,
    ].join(' union all ');
  }
  const rows = rowsOf<{ t: string; h: string }>(await db.execute(sql.raw(snapshotQuery)));
  const tables = new Map<string, string>();
  const sessions = new Map<string, string>();
  for (const r of rows) {
    if (r.t.startsWith('session:')) sessions.set(r.t.slice(8), r.h);
    else tables.set(r.t, r.h);
  }
  return { tables, sessions };
}

/**
 * What a refusal changed. Sessions are compared row by row because a refusal may end the
 * session it was made with (a failed officer passkey ceremony ends the half-open session,
 * FLOWS §7); any other session appearing, changing or going is a change.
 */
function changesOf(before: Snapshot, after: Snapshot, callerSession: string | undefined): string[] {
  const changed = [...new Set([...before.tables.keys(), ...after.tables.keys()])].filter((k) => before.tables.get(k) !== after.tables.get(k));
  const sessionChanged = [...after.sessions.keys()].some((k) => !before.sessions.has(k))
    || [...before.sessions].some(([k, h]) => after.sessions.get(k) !== h && !(k === callerSession && !after.sessions.has(k)));
  return sessionChanged ? [...changed, 'sessions'] : changed;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A case short enough to print. */
function describeCase(c: Case): string {
  const cut = (s: string) => (s.length > 120 ? `${s.slice(0, 120)}…(${s.length})` : s);
  const body = c.body.kind === 'none' ? '' : c.body.kind === 'multipart'
    ? ` multipart ${cut(JSON.stringify({ fields: c.body.fields, file: c.body.file && { name: c.body.file.name, size: c.body.file.bytes.length } }))}`
    : ` ${c.body.kind} ${cut(JSON.stringify(c.body.text))}`;
  return `${c.method} ${cut(c.path + c.query)} as ${c.identity}${c.junkCookies.length ? ` cookies ${cut(c.junkCookies.join('; '))}` : ''}${body}`;
}

/* ── the property ──────────────────────────────────────────────────────────── */

describe('fuzzing every route (R-10.4)', () => {
  it('should answer no input with ≥ 500, refuse with { code, message }, and change nothing when refusing', async () => {
    SMALL_PDF = await makePdf();
    const t = createTestApp(tdb.database);
    const world = await buildWorld(t);
    const routes = listRoutes(t.app);
    // A path no route has, so the catch-all is fuzzed too.
    routes.push({ method: 'POST', path: '/api/no-such-route/:code', upload: false });
    const violations: string[] = [];
    const statuses = new Map<number, number>();
    let cases = 0;
    const started = performance.now();
    const perRoute: [string, number, number, string][] = []; // for FUZZ_DEBUG
    const routeStatuses = new Map<number, number>();

    for (const route of routes) {
      const routeStarted = performance.now();
      const casesBefore = cases;
      await refreshSessions(t, world);
      let before = await snapshot();
      const check = async (c: Case) => {
        cases++;
        const t0 = performance.now();
        const outcome = await runCase(t, world, c);
        if (process.env.FUZZ_DEBUG && performance.now() - t0 > 500) console.log(`slow case (${Math.round(performance.now() - t0)} ms): ${describeCase(c)}`);
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        routeStatuses.set(outcome.status, (routeStatuses.get(outcome.status) ?? 0) + 1);
        const after = await snapshot();
        if (outcome.violation) violations.push(`${route.method} ${route.path}: ${outcome.violation}\n    ${describeCase(c)}`);
        if (outcome.status >= 400 && outcome.status < 500) {
          const caller = world.cookies[c.identity]?.replace(/^st_session=/, '');
          const changed = changesOf(before, after, caller && sha256(caller));
          if (changed.length) violations.push(`${route.method} ${route.path}: refused with ${outcome.status} but changed ${changed.join(', ')}\n    ${describeCase(c)}`);
        }
        if (({} as Record<string, unknown>).polluted !== undefined) violations.push(`${route.method} ${route.path}: Object.prototype polluted\n    ${describeCase(c)}`);
        before = after;
        return true; // every violation is collected, not only the first
      };
      for (const c of fixedCases(route, world)) await check(c);
      await fc.assert(fc.asyncProperty(caseArb(route, world), check), { numRuns: RUNS, seed: SEED, verbose: 0 });
      perRoute.push([`${route.method} ${route.path}`, Math.round(performance.now() - routeStarted), cases - casesBefore, JSON.stringify(Object.fromEntries(routeStatuses))]);
      routeStatuses.clear();
    }
    if (process.env.FUZZ_DEBUG) console.log(perRoute.map((r) => r.join(' ')).join('\n'));

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(`fuzz: ${routes.length} routes × (fixed hostile cases + ${RUNS} random) = ${cases} cases in ${seconds} s, seed ${SEED}\n` +
      `fuzz: statuses ${byStatus}; ${violations.length} violations (responses ≥ 500: ${violations.filter((v) => / answered 5\d\d| threw /.test(v)).length})`);
    expect(violations, violations.slice(0, 30).join('\n')).toEqual([]);
  }, 600_000);
});
