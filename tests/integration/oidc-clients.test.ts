/**
 * The registry of OpenID Connect clients: admins manage it from the console and the CLI; no
 * one else may; a secret is shown once and is never readable again, nor in the audit log.
 */
import { spawnSync } from 'node:child_process';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonLines, runAdmin } from '../../api/cli/admin.ts';
import { auditEvents, oidcClients, oidcKeys } from '../../db/schema.ts';
import { createTestApp } from '../helpers/app.ts';
import { newAccount } from '../helpers/accounts.ts';
import { createTestDatabase, TEST_DATA_KEY, usingPostgres, type TestDatabase } from '../helpers/db.ts';
import { signInOfficer } from '../helpers/officer.ts';
import { loginCookie } from '../helpers/registration.ts';

let tdb: TestDatabase;
let t: ReturnType<typeof createTestApp>;
let admin: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  t = createTestApp(tdb.database);
  admin = (await signInOfficer(t, tdb.database, { roles: ['officer', 'admin'] })).cookie;
});
afterAll(async () => { await tdb.drop(); });

const BASE = '/api/officer/oidc-clients';

function call(method: string, path: string, cookie: string, json?: unknown) {
  return t.request(`${BASE}${path}`, { method, headers: { cookie }, ...(json === undefined ? {} : { json }) });
}

async function create(json: unknown) {
  const res = await call('POST', '', admin, json);
  return { res, body: await res.json() };
}

async function auditOf(clientId: string) {
  return tdb.database.db.select().from(auditEvents)
    .where(and(eq(auditEvents.targetType, 'oidc_client'), eq(auditEvents.targetId, clientId))).orderBy(auditEvents.id);
}

describe('officer API for OpenID Connect clients', () => {
  it('should create, edit, rotate, disable and enable a client when an admin asks, auditing each', async () => {
    const { res, body } = await create({ name: ' ระบบทดสอบ ', redirectUris: ['https://rp.example.go.th/cb'], firstParty: true });
    expect(res.status).toBe(201);
    const id = body.client.id as string;
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(body.client).toMatchObject({ name: 'ระบบทดสอบ', public: false, firstParty: true, hasSecret: true, disabledAt: null });
    expect(body.client).not.toHaveProperty('secret');
    expect(body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await tdb.database.db.select().from(oidcClients).where(eq(oidcClients.id, id));
    expect(row!.secret).toBe(body.secret);

    const edited = await call('PATCH', `/${id}`, admin, { redirectUris: ['https://rp.example.go.th/cb', 'https://rp.example.go.th/Cb2?x=1'] });
    expect(edited.status).toBe(200);
    // Stored exactly as given: the provider matches redirect URIs character for character.
    expect((await edited.json()).client.redirectUris).toEqual(['https://rp.example.go.th/cb', 'https://rp.example.go.th/Cb2?x=1']);

    const rotated = await call('POST', `/${id}/rotate-secret`, admin);
    expect(rotated.status).toBe(200);
    const { secret } = await rotated.json();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secret).not.toBe(body.secret);
    const [after] = await tdb.database.db.select().from(oidcClients).where(eq(oidcClients.id, id));
    expect(after!.secret).toBe(secret);
    expect(after!.secretRotatedAt).not.toBeNull();

    const disabled = await call('POST', `/${id}/disable`, admin);
    expect((await disabled.json()).client.disabledAt).not.toBeNull();
    const enabled = await call('POST', `/${id}/enable`, admin);
    expect((await enabled.json()).client.disabledAt).toBeNull();

    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual([
      'oidc_client.create', 'oidc_client.update', 'oidc_client.rotate_secret', 'oidc_client.disable', 'oidc_client.enable',
    ]);
    expect(audit.every((a) => a.actorKind === 'officer' && a.actorAccountId)).toBe(true);
    const logged = JSON.stringify(audit);
    expect(logged).not.toContain(body.secret);
    expect(logged).not.toContain(secret);
  });

  it('should never show a secret again when the client is listed or read', async () => {
    const { body } = await create({ name: 'ระบบอ่านซ้ำ', redirectUris: ['https://again.example.go.th/cb'] });
    const list = await (await call('GET', '?q=อ่านซ้ำ', admin)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: body.client.id, hasSecret: true });
    expect(JSON.stringify(list)).not.toContain(body.secret);
    const one = await (await call('GET', `/${body.client.id}`, admin)).text();
    expect(one).not.toContain(body.secret);
    expect(JSON.parse(one)).not.toHaveProperty('secret');
    // At rest the secret is sealed, not stored in clear.
    const [raw] = await tdb.database.db.select({ s: sql<string>`encode(${oidcClients.secret}, 'escape')` }).from(oidcClients).where(eq(oidcClients.id, body.client.id));
    expect(raw!.s).not.toContain(body.secret);
  });

  it('should give a public client no secret, and refuse to rotate one, when it is created public', async () => {
    const { res, body } = await create({ name: 'แอปสาธารณะ', redirectUris: ['http://localhost:5173/cb'], public: true });
    expect(res.status).toBe(201);
    expect(body.secret).toBeNull();
    expect(body.client).toMatchObject({ public: true, hasSecret: false });
    const rotated = await call('POST', `/${body.client.id}/rotate-secret`, admin);
    expect(rotated.status).toBe(409);
    expect((await rotated.json()).code).toBe('public_client');
  });

  it('should answer field errors with Thai messages when the input breaks the rules', async () => {
    const { res, body } = await create({ name: '', redirectUris: ['http://rp.example.go.th/cb'], postLogoutRedirectUris: ['https://rp.example.go.th/out#x'] });
    expect(res.status).toBe(400);
    expect(body.code).toBe('validation');
    expect(body.fields.name.code).toBe('required');
    expect(body.fields.redirectUris.code).toBe('uri_not_https');
    expect(body.fields.redirectUris.message).toContain('https://');
    expect(body.fields.postLogoutRedirectUris.code).toBe('uri_fragment');
    const none = await create({ name: 'x', redirectUris: [] });
    expect(none.body.fields.redirectUris.code).toBe('required');
    expect((await call('PATCH', '/no-such-client', admin, { name: 'y' })).status).toBe(404);
    expect((await call('POST', '/no-such-client/disable', admin)).status).toBe(404);
  });

  it('should refuse every call when the officer is not an admin or the caller is staff', async () => {
    const { body } = await create({ name: 'ระบบห้ามแตะ', redirectUris: ['https://locked.example.go.th/cb'] });
    const id = body.client.id as string;
    const officer = (await signInOfficer(t, tdb.database, { roles: ['officer', 'reviewer'] })).cookie;
    const staff = await newAccount(tdb.database);
    const staffCookie = await loginCookie(t, staff.username, staff.initialPassword);
    const calls: Array<[string, string, unknown?]> = [
      ['GET', ''], ['GET', `/${id}`], ['POST', '', { name: 'x', redirectUris: ['https://x.example/cb'] }],
      ['PATCH', `/${id}`, { name: 'แก้แล้ว' }], ['POST', `/${id}/rotate-secret`], ['POST', `/${id}/disable`], ['POST', `/${id}/enable`],
    ];
    for (const cookie of [officer, staffCookie]) {
      for (const [method, path, json] of calls) {
        const res = await call(method, path, cookie, json);
        expect(res.status, `${method} ${path}`).toBe(403);
      }
    }
    for (const [method, path] of calls) expect((await call(method, path, '')).status, `${method} ${path}`).toBe(401);
    const [row] = await tdb.database.db.select().from(oidcClients).where(eq(oidcClients.id, id));
    expect(row).toMatchObject({ name: 'ระบบห้ามแตะ', disabledAt: null, secret: body.secret });
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['oidc_client.create']);
  });
});

// The CLI opens the database by its URL: these run where the tests use PostgreSQL (as CI does).
if (usingPostgres) describe('admin CLI for OpenID Connect clients', () => {
  const env = () => ({ DATABASE_URL: tdb.url, DATA_KEY: TEST_DATA_KEY, LOG_LEVEL: 'silent' });

  it('should rotate the ID token signing key and keep the previous one published', async () => {
    const before = await tdb.database.db.select().from(oidcKeys);
    const out = await runAdmin(['rotate-oidc-keys'], env()) as { kid: string; retired: string[]; graceHours: number };
    expect(out.graceHours).toBe(24);
    const after = await tdb.database.db.select().from(oidcKeys);
    expect(after.filter((k) => !k.retiredAt).map((k) => k.kid)).toEqual([out.kid]);
    expect(out.retired).toEqual(before.filter((k) => !k.retiredAt).map((k) => k.kid));
    for (const kid of out.retired) expect(after.find((k) => k.kid === kid)?.retiredAt).toBeInstanceOf(Date);
    const [audit] = await tdb.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'oidc.rotate_keys'));
    expect(audit?.targetId).toBe(out.kid);
  });

  it('should print the client_id and client_secret and store the client when create-client runs', async () => {
    const out = await runAdmin([
      'create-client', '--name', 'ระบบจาก CLI', '--redirect-uri', 'https://cli.example.go.th/cb', '--redirect-uri', 'https://cli.example.go.th/cb2',
      '--post-logout-redirect-uri', 'https://cli.example.go.th/', '--backchannel-logout-uri', 'https://cli.example.go.th/bc', '--first-party',
    ], env()) as { client_id: string; client_secret: string };
    expect(Object.keys(out)).toEqual(['client_id', 'client_secret']);
    const [row] = await tdb.database.db.select().from(oidcClients).where(eq(oidcClients.id, out.client_id));
    expect(row).toMatchObject({
      name: 'ระบบจาก CLI', secret: out.client_secret, public: false, firstParty: true,
      redirectUris: ['https://cli.example.go.th/cb', 'https://cli.example.go.th/cb2'],
      postLogoutRedirectUris: ['https://cli.example.go.th/'], backchannelLogoutUri: 'https://cli.example.go.th/bc',
    });
    expect((await auditOf(out.client_id))[0]).toMatchObject({ action: 'oidc_client.create', actorKind: 'system' });

    const listed = await runAdmin(['list-clients'], env());
    expect(listed).toBeInstanceOf(JsonLines);
    const lines = (listed as JsonLines).lines.map((l) => JSON.stringify(l));
    expect(lines.some((l) => l.includes(out.client_id))).toBe(true);
    expect(lines.join('\n')).not.toContain(out.client_secret);

    const rotated = await runAdmin(['rotate-client-secret', '--client-id', out.client_id], env()) as { client_id: string; client_secret: string };
    expect(rotated.client_id).toBe(out.client_id);
    expect(rotated.client_secret).not.toBe(out.client_secret);
    expect(await runAdmin(['disable-client', '--client-id', out.client_id], env())).toEqual({ client_id: out.client_id, disabled: true });
    expect(await runAdmin(['enable-client', '--client-id', out.client_id], env())).toEqual({ client_id: out.client_id, disabled: false });
  });

  it('should print exactly one JSON line when npm run admin -- create-client runs as a command', async () => {
    const run = (args: string[]) => spawnSync('node_modules/.bin/tsx', ['api/cli/admin.ts', ...args], {
      encoding: 'utf8', env: { ...process.env, ...env(), NODE_ENV: 'development' }, timeout: 60_000,
    });
    const ok = run(['create-client', '--name', 'ระบบจากคำสั่ง', '--redirect-uri', 'https://cmd.example.go.th/cb']);
    expect(ok.status, ok.stderr).toBe(0);
    const lines = ok.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!) as { client_id: string; client_secret: string };
    expect(Object.keys(out)).toEqual(['client_id', 'client_secret']);
    const [row] = await tdb.database.db.select({ name: oidcClients.name, secret: oidcClients.secret }).from(oidcClients).where(eq(oidcClients.id, out.client_id));
    expect(row).toEqual({ name: 'ระบบจากคำสั่ง', secret: out.client_secret });
    const bad = run(['create-client', '--name', 'x', '--redirect-uri', 'https://cmd.example.go.th/cb#frag']);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--redirect-uri: The URL must not contain a # fragment.');
  }, 60_000);

  it('should print no client_secret when the client is public', async () => {
    const out = await runAdmin(['create-client', '--name', 'SPA', '--redirect-uri', 'https://spa.example.go.th/cb', '--public'], env());
    expect(Object.keys(out as object)).toEqual(['client_id']);
    await expect(runAdmin(['rotate-client-secret', '--client-id', (out as { client_id: string }).client_id], env())).rejects.toThrow('public client');
  });

  it('should fail with a clear message when the arguments are wrong', async () => {
    await expect(runAdmin(['create-client', '--name', 'x'], env())).rejects.toThrow('--redirect-uri: This field is required.');
    await expect(runAdmin(['create-client', '--name', 'x', '--redirect-uri', 'http://rp.example.go.th/cb'], env())).rejects.toThrow('--redirect-uri: The URL must start with https://');
    await expect(runAdmin(['disable-client'], env())).rejects.toThrow('--client-id: required');
    await expect(runAdmin(['enable-client', '--client-id', 'nope'], env())).rejects.toThrow('No client nope');
  });
});
