/** The portal after a full login (R-6 portal page, R-8.3 self-revocation). */
import { Hono } from 'hono';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { persons, units } from '../../db/schema.ts';
import { actorOf } from '../context.ts';
import { activeAuthenticator } from '../domain/activation.ts';
import { REVOKE_REASON_LABELS, REVOKE_REASONS, revokeToken } from '../domain/revocation.ts';
import { validityState } from '../domain/token-validity.ts';
import { AppError } from '../errors.ts';
import { clearCookie } from '../lib/cookies.ts';
import { validate } from '../lib/validate.ts';
import { requireSession, type SessionEnv } from './guards.ts';

const RevokeBody = z.object({
  reason: z.enum(REVOKE_REASONS),
  detail: z.string().trim().max(500).optional(),
  confirm: z.literal(true),
}).refine((b) => b.reason !== 'other' || Boolean(b.detail), { message: 'required', path: ['detail'] });

export const portalRoutes = new Hono<SessionEnv>()
  .use(requireSession('portal'))

  .get('/profile', async (c) => {
    const { db } = c.var.deps.database;
    const { account } = c.var;
    const [unit] = await db.select().from(units).where(eq(units.code, account.unitCode));
    const [person] = account.holderPersonId ? await db.select().from(persons).where(eq(persons.id, account.holderPersonId)) : [];
    const token = await activeAuthenticator(db, account.id);
    return c.json({
      username: account.username,
      unit: unit && { code: unit.code, ministry: unit.ministry, department: unit.department, name: unit.name },
      holder: person && {
        name: [person.title && `${person.title}${person.firstNameTh}`, person.middleNameTh, person.lastNameTh].filter(Boolean).join(' '),
        nameEn: [person.firstNameEn, person.middleNameEn, person.lastNameEn].filter(Boolean).join(' ') || null,
        email: person.email,
      },
      token: token && {
        validUntil: token.validUntil.toISOString(), deviceLabel: token.deviceLabel,
        validity: validityState(token.validUntil, c.var.deps.clock.now()),
      },
      revokeReasons: REVOKE_REASONS.map((r) => ({ id: r, ...REVOKE_REASON_LABELS[r] })),
    });
  })

  /** ยกเลิกการใช้งาน Soft Token: the holder is released; the next holder registers anew. */
  .post('/revoke', validate('json', RevokeBody), async (c) => {
    const { database, clock, push, log } = c.var.deps;
    const { account } = c.var;
    const body = c.req.valid('json');
    const token = await activeAuthenticator(database.db, account.id);
    if (!token) throw new AppError('device_unknown');
    // Tell the phone first: revocation deletes its push subscription.
    await push.send(database.db, token.id, { type: 'revoked', title: 'Soft Token ถูกยกเลิกแล้ว', body: 'Soft Token บนโทรศัพท์เครื่องนี้ถูกยกเลิกการใช้งาน / This soft token was revoked' })
      .catch((err) => log.warn({ err }, 'revocation push failed'));
    const label = REVOKE_REASON_LABELS[body.reason].th + (body.detail ? `: ${body.detail}` : '');
    const result = await database.db.transaction((tx) => revokeToken(tx, clock, { account, reason: label, releaseHolder: true }, actorOf(c, 'user', account.id)));
    if (!result.ok) throw new AppError('device_unknown');
    clearCookie(c, 'session');
    return c.json({ ok: true });
  });
