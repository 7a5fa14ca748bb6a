/** Route guards: who is calling, and may they. */
import { createMiddleware } from 'hono/factory';
import type { Account, Role, Session } from '../../db/schema.ts';
import type { AppEnv } from './context.ts';
import { hasActivePasskey } from '../domain/officer-passkeys.ts';
import { validateSession } from '../domain/sessions.ts';
import { AppError } from '../errors.ts';
import { clearCookie, readCookie } from './cookies.ts';

export type SessionEnv = AppEnv & { Variables: AppEnv['Variables'] & { session: Session; account: Account } };

/** A valid session of one of `kinds`; 401 otherwise. */
export function requireSession(...kinds: Session['kind'][]) {
  return createMiddleware<SessionEnv>(async (c, next) => {
    const token = readCookie(c, 'session');
    if (!token) throw new AppError('unauthorized');
    const { database, clock, config } = c.var.deps;
    const result = await validateSession(database.db, clock, config.session, token);
    if (!result.ok) {
      clearCookie(c, 'session');
      throw new AppError('unauthorized');
    }
    if (kinds.length && !kinds.includes(result.session.kind)) throw new AppError('forbidden');
    c.set('session', result.session);
    c.set('account', result.account);
    await next();
  });
}

/**
 * An officer session holding at least one of `roles` (any officer role when none given).
 * Only a passkey opens an officer's full session; the officer must still have an active
 * one, so a reset of their passkeys closes the console at once (FLOWS §7).
 */
export function requireOfficer(...roles: Role[]) {
  return createMiddleware<SessionEnv>(async (c, next) => {
    const account = c.var.account;
    const held = account.kind === 'officer' ? account.roles : [];
    const allowed = roles.length ? roles.some((r) => held.includes(r)) : held.length > 0;
    if (!allowed) throw new AppError('forbidden');
    if (!(await hasActivePasskey(c.var.deps.database.db, account.id))) throw new AppError('forbidden');
    await next();
  });
}
