/**
 * The public service-request form: no login, since the phone may be lost.
 * Answers never depend on whether the account or email exists. The tracking number is the
 * requester's key to the printable form, the scan upload and the status.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { actorOf, clientIp, type AppEnv } from '../http/context.ts';
import { checkPdf } from '../domain/documents.ts';
import {
  attachScan, createServiceRequest, findByTracking, HOLDER_REASONS, PURPOSE_LABELS, ServiceRequestSchema, verifyEmailChange,
  type ServiceRequest,
} from '../domain/service-requests.ts';
import { checkThrottle, ipKey, recordFailure } from '../domain/throttle.ts';
import { AppError } from '../errors.ts';
import { fieldMessage, pdfUploadLimit, readUploadForm, validate } from '../http/validate.ts';
import { requireSession } from '../http/guards.ts';

const Tracking = z.object({ tracking: z.string().trim().toUpperCase().regex(/^SR-[A-Z0-9]{6}-[A-Z0-9]{6}$/) });

/** What the requester may see again: their own form, its state and the outcome. */
function formView(r: ServiceRequest) {
  return {
    trackingNumber: r.trackingNumber, status: r.status, createdAt: r.createdAt.toISOString(),
    unitCode: r.unitCode, username: r.username, requester: r.requester, purpose: r.purpose, purposeDetail: r.purposeDetail,
    scanUploaded: Boolean(r.scanDocumentId),
    outcome: r.status === 'completed' ? r.outcome : null,
    outcomeReason: r.status === 'completed' ? r.outcomeReason : null,
  };
}

export const serviceRequestRoutes = new Hono<AppEnv>()
  .get('/options', (c) => c.json({ purposes: PURPOSE_LABELS, holderReasons: HOLDER_REASONS }))

  .post('/', validate('json', ServiceRequestSchema), async (c) => {
    const { database, clock } = c.var.deps;
    // Filing is open to anyone: a per-IP ceiling keeps it from being flooded.
    const key = ipKey(`service-request:${clientIp(c)}`);
    const throttle = await checkThrottle(database.db, clock, [key]);
    if (throttle.blocked) throw new AppError('rate_limited', undefined, { 'Retry-After': String(throttle.retryAfterSeconds) });
    const result = await database.db.transaction((tx) => createServiceRequest(tx, clock, c.req.valid('json'), actorOf(c, 'user')));
    if (!result.ok) throw new AppError('validation', { unitCode: { code: 'unit_unknown', message: fieldMessage('unit_unknown', c.var.lang) } });
    await recordFailure(database.db, clock, [key]);
    return c.json(formView(result.request), 201);
  })

  .get('/:tracking', validate('param', Tracking), async (c) => {
    const request = await findByTracking(c.var.deps.database.db, c.req.valid('param').tracking);
    if (!request) throw new AppError('not_found');
    return c.json(formView(request));
  })

  /** The signed scan (PDF, ≤ 10 MB) puts the request in the officers' queue. */
  .post('/:tracking/scan', validate('param', Tracking),
    pdfUploadLimit(),
    async (c) => {
      const { database, clock } = c.var.deps;
      const request = await findByTracking(database.db, c.req.valid('param').tracking);
      if (!request) throw new AppError('not_found');
      if (request.status !== 'awaiting_scan') throw new AppError('conflict');
      const { file } = await readUploadForm(c);
      const bytes = file ? new Uint8Array(await file.arrayBuffer()) : undefined;
      const pdf = await checkPdf(bytes);
      if (!pdf.ok) throw new AppError('validation', { file: { code: pdf.reason, message: fieldMessage(pdf.reason, c.var.lang) } });
      const ok = await database.db.transaction((tx) => attachScan(tx, clock, request, { filename: file!.name, bytes: bytes! }, actorOf(c, 'user')));
      if (!ok) throw new AppError('conflict');
      return c.json({ ok: true, status: 'submitted' });
    })

  /**
   * The link sent to a new email address (change of email): applied only for the holder signed
   * in with the phone's approval (a portal session), then put on record.
   */
  .post('/email-change/verify', requireSession('portal'), validate('json', z.object({ token: z.string().min(20).max(100) })), async (c) => {
    const { database, clock } = c.var.deps;
    const result = await database.db.transaction((tx) => verifyEmailChange(tx, clock, {
      token: c.req.valid('json').token, sessionAccountId: c.var.account.id,
    }, actorOf(c, 'user', c.var.account.id)));
    if (!result.ok) throw new AppError(result.reason === 'email_taken' ? 'email_taken' : result.reason === 'wrong_account' ? 'forbidden' : 'link_expired');
    return c.json({ ok: true, email: result.email });
  });
