/**
 * The password step of every login, logout, who am I, and password change
 * . A correct password leads officers to their passkey (after changing the
 * initial password and enrolling one), staff without a token to the registration tracker,
 * and staff with a token to phone approval (or, when the token has expired, to renewal on
 * the phone first), unless their unit requires the passkey login (routes/passkey-login.ts).
 */
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { findActiveToken } from '../../db/queries/tokens.ts';
import { findUnit } from '../../db/queries/units.ts';
import { deleteOidcSession } from '../../db/queries/oidc.ts';
import { sha256 } from '../lib/crypto.ts';
import { OIDC_COOKIES } from '../services/oidc-provider.ts';
import { actorOf, clientIp, type AppEnv } from '../http/context.ts';
import { recordAudits } from '../domain/audit.ts';
import { askThePhone, verifyPasswordLogin } from '../domain/login.ts';
import { createLoginRequest } from '../domain/login-requests.ts';
import { startOfficerSignIn } from '../domain/officer-passkeys.ts';
import { policyRules } from '../domain/password-policy.ts';
import { changePassword } from '../domain/passwords.ts';
import { createSession, deleteSession } from '../domain/sessions.ts';
import { validityState } from '../domain/token-validity.ts';
import { AppError } from '../errors.ts';
import { clearCookie, readCookie, writeCookie } from '../http/cookies.ts';
import { fieldMessage, newPasswordError, validate } from '../http/validate.ts';
import { requireSession } from '../http/guards.ts';
import { knownBrowserTokens, rememberThisBrowser } from './known-browser.ts';
import { pushLoginRequest } from './login-requests.ts';

const LoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

const PasswordBody = z.object({
  oldPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
  confirmPassword: z.string().max(256),
});

export const authRoutes = new Hono<AppEnv>()
  .post('/login', validate('json', LoginBody), async (c) => {
    const { database, clock, config } = c.var.deps;
    const ip = clientIp(c);
    const userAgent = c.req.header('user-agent');
    const actor = { ...actorOf(c, 'user'), ip };
    // A soft token's login request is written in the password step's own transaction.
    const result = await verifyPasswordLogin(database.db, clock, { ...c.req.valid('json'), knownBrowsers: knownBrowserTokens(c) }, actor,
      (tx, success, audit) => (success.next === 'token'
        ? askThePhone(tx, clock, { policy: config.phishingResistant, resetOrigin: config.publicOrigin }, success, audit, { ...actor, accountId: success.account.id }, userAgent)
        : recordAudits(tx, audit).then(() => undefined)));
    if (!result.ok) {
      if (result.reason === 'throttled') {
        throw new AppError('rate_limited', undefined, result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : undefined);
      }
      throw new AppError('invalid_credentials');
    }
    const { account } = result;
    if (result.next === 'officer') {
      // Officers: a half-open session until their passkey signs (FLOWS §7).
      const { step, token, expiresAt } = await startOfficerSignIn(database.db, clock, config.session, { account, ip, userAgent });
      writeCookie(c, 'session', token, { until: expiresAt });
      return c.json({ next: step.next });
    }
    if (result.next === 'tracker') {
      const { token, expiresAt } = await createSession(database.db, clock, config.session, {
        accountId: account.id, kind: 'registration', ip, userAgent,
      });
      writeCookie(c, 'session', token, { until: expiresAt });
      await rememberThisBrowser(c, account.id);
      return c.json({ next: result.next });
    }
    // A soft token: the phone approves (FLOWS §3); askThePhone ran in the password step's transaction.
    const asked = result.proceeded!;
    if (!asked.ok) throw new AppError(asked.code);
    const { request, bindingSecret, purpose } = asked;
    writeCookie(c, 'binding', bindingSecret, { until: new Date(request.expiresAt.getTime() + 5 * 60_000) });
    pushLoginRequest(c.var.deps, asked);
    return c.json({
      next: purpose === 'renew' ? 'renew' : 'approve',
      requestId: request.id,
      picture: purpose === 'login' ? request.correctPicture : null,
      expiresAt: request.expiresAt.toISOString(),
    });
  })

  .post('/logout', async (c) => {
    const token = readCookie(c, 'session');
    if (token) await deleteSession(c.var.deps.database.db, token);
    clearCookie(c, 'session');
    // Signing out here signs this browser out of the systems it entered with Soft Token too.
    const providerSession = getCookie(c, OIDC_COOKIES.session);
    if (providerSession) {
      const gone = await deleteOidcSession(c.var.deps.database.db, providerSession, sha256(providerSession));
      if (gone) void c.var.oidc.notifyLogout([gone]).catch((err: unknown) => c.var.deps.log.warn({ err }, 'oidc: logout notice failed'));
    }
    return c.json({ ok: true });
  })

  .get('/me', requireSession(), async (c) => {
    const { account, session } = c.var;
    const { db } = c.var.deps.database;
    const unit = await findUnit(db, account.unitCode);
    const token = await findActiveToken(db, account.id);
    return c.json({
      username: account.username,
      kind: account.kind,
      roles: account.roles,
      displayName: account.displayName,
      session: session.kind,
      // Always present (null when missing): web/lib/api.ts's Me says `Unit | null`, not optional.
      unit: unit ?? null,
      token: token ? { validUntil: token.validUntil.toISOString(), validity: validityState(token.validUntil, c.var.deps.clock.now()) } : null,
    });
  })

  /** Renew Soft Token from the expiry notice: the phone approves with `Accept`. */
  .post('/renew', requireSession('portal'), async (c) => {
    const { database, clock } = c.var.deps;
    const authenticator = await findActiveToken(database.db, c.var.account.id);
    if (!authenticator) throw new AppError('device_unknown');
    const created = await database.db.transaction((tx) => createLoginRequest(tx, clock, {
      account: c.var.account, authenticator, purpose: 'renew', ip: clientIp(c), userAgent: c.req.header('user-agent'),
    }, actorOf(c, 'user', c.var.account.id)));
    if (!created.ok) throw new AppError('too_many_requests');
    writeCookie(c, 'binding', created.bindingSecret, { until: new Date(created.request.expiresAt.getTime() + 5 * 60_000) });
    pushLoginRequest(c.var.deps, created);
    return c.json({ next: 'renew', requestId: created.request.id, picture: null, expiresAt: created.request.expiresAt.toISOString() });
  })

  .get('/password-rules', (c) => c.json({ policy: c.var.deps.config.passwordPolicy, rules: policyRules(c.var.deps.config.passwordPolicy) }))

  /** กรุณาเปลี่ยน Password ใช้งาน / แก้ไขข้อมูลรหัสผ่าน: afterwards every session ends. */
  .post('/password', requireSession('password_change', 'portal'), validate('json', PasswordBody), async (c) => {
    const { database, clock, config } = c.var.deps;
    const body = c.req.valid('json');
    const result = await database.db.transaction((tx) => changePassword(tx, clock, {
      account: c.var.account, ...body, policy: config.passwordPolicy,
    }, actorOf(c, 'user', c.var.account.id)));
    if (!result.ok) {
      const lang = c.var.lang;
      if (result.reason === 'throttled') throw new AppError('rate_limited', undefined, result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : undefined);
      if (result.reason === 'wrong_old_password') throw new AppError('validation', { oldPassword: { code: 'wrong_old_password', message: fieldMessage('wrong_old_password', lang) } });
      throw newPasswordError(result, lang);
    }
    clearCookie(c, 'session');
    return c.json({ ok: true, next: 'login' });
  });
