/**
 * The portal after a full login (R-6 portal page, R-8.3 self-revocation approved on the phone,
 * PDPA the holder's data download approved on the phone).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { findPerson } from '../../db/queries/persons.ts';
import { findActiveToken } from '../../db/queries/tokens.ts';
import { findUnit } from '../../db/queries/units.ts';
import type { Authenticator } from '../../db/schema.ts';
import { actorOf, clientIp } from '../http/context.ts';
import { collectDataExport, dataExportFilename, requestDataExport, zipPersonalData } from '../domain/data-export.ts';
import { createLoginRequest, type CreateRequestResult } from '../domain/login-requests.ts';
import { REVOKE_REASON_LABELS, REVOKE_REASONS } from '../domain/revocation.ts';
import { validityState } from '../domain/token-validity.ts';
import { thaiFullName } from '../lib/thai-name.ts';
import { AppError } from '../errors.ts';
import { readCookie, writeCookie } from '../http/cookies.ts';
import { validate } from '../http/validate.ts';
import { requireSession, type SessionEnv } from '../http/guards.ts';
import { pushLoginRequest } from './login-requests.ts';

const IdParam = z.object({ id: z.uuid() });

/**
 * Something only the holder's phone may allow (revocation, data download): a request it
 * approves by picture matching. This browser keeps the binding secret; the phone is notified.
 */
async function askThePhone(
  c: Context<SessionEnv>, create: (authenticator: Authenticator) => Promise<CreateRequestResult>,
) {
  const authenticator = await findActiveToken(c.var.deps.database.db, c.var.account.id);
  if (!authenticator) throw new AppError('device_unknown');
  if (authenticator.suspendedAt) throw new AppError('token_suspended');
  const created = await create(authenticator);
  if (!created.ok) throw new AppError('too_many_requests');
  const { request, bindingSecret } = created;
  writeCookie(c, 'binding', bindingSecret, { until: new Date(request.expiresAt.getTime() + 5 * 60_000) });
  pushLoginRequest(c.var.deps, created);
  return c.json({ next: 'approve' as const, requestId: request.id, picture: request.correctPicture, expiresAt: request.expiresAt.toISOString() });
}

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
    const unit = await findUnit(db, account.unitCode);
    const person = account.holderPersonId ? await findPerson(db, account.holderPersonId) : undefined;
    const token = await findActiveToken(db, account.id);
    return c.json({
      username: account.username,
      // Always present (null when missing), as web/lib/api.ts's PortalProfile says.
      unit: unit ?? null,
      holder: person ? {
        name: thaiFullName(person),
        nameEn: [person.firstNameEn, person.middleNameEn, person.lastNameEn].filter(Boolean).join(' ') || null,
        email: person.email,
      } : null,
      token: token ? {
        validUntil: token.validUntil.toISOString(), deviceLabel: token.deviceLabel,
        validity: validityState(token.validUntil, c.var.deps.clock.now()),
      } : null,
      revokeReasons: REVOKE_REASONS.map((r) => ({ id: r, ...REVOKE_REASON_LABELS[r] })),
    });
  })

  /**
   * ยกเลิกการใช้งาน Soft Token: a desktop session alone is not enough (it may be stolen). The
   * holder's phone approves by picture matching, as for a login; the revocation then runs in the
   * transaction of that approval, releases the holder and ends every session. With the phone
   * lost, the service request is the way (the page says so).
   */
  .post('/revoke', validate('json', RevokeBody), async (c) => {
    const { database, clock } = c.var.deps;
    const { account } = c.var;
    const body = c.req.valid('json');
    const label = REVOKE_REASON_LABELS[body.reason].th + (body.detail ? `: ${body.detail}` : '');
    return askThePhone(c, (authenticator) => database.db.transaction((tx) => createLoginRequest(tx, clock, {
      account, authenticator, purpose: 'revoke', revokeReason: label, ip: clientIp(c), userAgent: c.req.header('user-agent'),
    }, actorOf(c, 'user', account.id))));
  })

  /**
   * ดาวน์โหลดข้อมูลของฉัน (PDPA right of access): the phone approves by picture matching, then
   * this session, and only this one, collects the ZIP once (api/domain/data-export.ts).
   */
  .post('/export', async (c) => {
    const { database, clock } = c.var.deps;
    const { account, session } = c.var;
    return askThePhone(c, (authenticator) => database.db.transaction((tx) => requestDataExport(tx, clock, {
      account, authenticator, sessionIdHash: session.idHash, ip: clientIp(c), userAgent: c.req.header('user-agent'),
    }, actorOf(c, 'user', account.id))));
  })

  .get('/export/:id', validate('param', IdParam), async (c) => {
    const { database, clock } = c.var.deps;
    const { account, session } = c.var;
    const result = await database.db.transaction((tx) => collectDataExport(tx, clock, {
      requestId: c.req.valid('param').id, bindingSecret: readCookie(c, 'binding'), sessionIdHash: session.idHash, accountId: account.id,
    }, actorOf(c, 'user', account.id)));
    if (!result.ok) {
      throw new AppError(result.reason === 'not_found' ? 'request_not_found' : result.reason === 'gone' ? 'export_gone' : 'request_not_approved');
    }
    // The binding cookie stays until it expires, so a second try from this browser hears "already downloaded" (410).
    return c.body(zipPersonalData(result.personal) as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${dataExportFilename(account.username)}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
  });
