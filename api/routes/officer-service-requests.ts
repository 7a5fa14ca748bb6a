/**
 * Service requests in the officer console: the queue, one request with its signed
 * scan and what the system knows of the account, the officer's decision and the reviewer's
 * sign-off by someone else.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { listServiceRequests } from '../../db/queries/service-requests.ts';
import { actorOf } from '../http/context.ts';
import {
  describeServiceRequest, openServiceRequestScan, processServiceRequest, queueItemOf, revealServiceRequestNationalIds, reviewServiceRequest,
} from '../domain/service-requests.ts';
import { AppError } from '../errors.ts';
import { pdfResponse } from '../http/pdf-response.ts';
import { validate } from '../http/validate.ts';
import { requireOfficer, type SessionEnv } from '../http/guards.ts';
import { pageQuery } from '../http/officer-params.ts';

const IdParam = z.object({ id: z.uuid() });
const ListQuery = z.object({
  status: z.enum(['waiting', 'awaiting_scan', 'submitted', 'processed', 'completed', 'all']).default('waiting'),
  sort: z.enum(['oldest', 'newest']).default('oldest'),
  ...pageQuery,
});
const ProcessBody = z.object({ outcome: z.enum(['done', 'refused']), reason: z.string().trim().max(1000).optional() })
  .refine((b) => b.outcome === 'done' || Boolean(b.reason), { message: 'required', path: ['reason'] });

export const officerServiceRequestRoutes = new Hono<SessionEnv>()
  .get('/', validate('query', ListQuery), async (c) => {
    const q = c.req.valid('query');
    const page = await listServiceRequests(c.var.deps.database.db, { status: q.status, sort: q.sort }, { page: q.page, pageSize: q.pageSize });
    return c.json({ ...page, items: page.items.map(queueItemOf) });
  })

  /** One request, with what the records say: each check, and whether "done" is open. */
  .get('/:id', validate('param', IdParam), async (c) => {
    const request = await describeServiceRequest(c.var.deps.database.db, c.var.account, c.req.valid('param').id);
    if (!request) throw new AppError('not_found');
    return c.json(request);
  })

  /** The full national IDs behind the masked ones of the request's page ("show"); each look is audited. */
  .get('/:id/national-id', validate('param', IdParam), async (c) => {
    const ids = await c.var.deps.database.db.transaction((tx) =>
      revealServiceRequestNationalIds(tx, c.req.valid('param').id, actorOf(c, 'officer', c.var.account.id)));
    if (!ids) throw new AppError('not_found');
    return c.json(ids);
  })

  .get('/:id/scan', validate('param', IdParam), async (c) => {
    const doc = await openServiceRequestScan(c.var.deps.database.db, c.req.valid('param').id, actorOf(c, 'officer', c.var.account.id));
    if (!doc) throw new AppError('not_found');
    return pdfResponse(c, doc);
  })

  .post('/:id/process', requireOfficer('officer'), validate('param', IdParam), validate('json', ProcessBody), async (c) => {
    const { database, clock } = c.var.deps;
    const body = c.req.valid('json');
    const result = await database.db.transaction((tx) => processServiceRequest(tx, clock, {
      officer: c.var.account, id: c.req.valid('param').id, outcome: body.outcome, reason: body.reason,
    }, actorOf(c, 'officer', c.var.account.id)));
    if (!result.ok) {
      throw new AppError(({ not_found: 'not_found', no_account: 'no_account', checks_failed: 'checks_failed', not_submitted: 'conflict', reason_required: 'conflict' } as const)[result.reason]);
    }
    return c.json({ ok: true });
  })

  .post('/:id/review', requireOfficer('reviewer'), validate('param', IdParam), async (c) => {
    const { database, clock, config } = c.var.deps;
    const result = await database.db.transaction((tx) => reviewServiceRequest(tx, clock, {
      reviewer: c.var.account, id: c.req.valid('param').id, publicOrigin: config.publicOrigin,
    }, actorOf(c, 'officer', c.var.account.id)));
    if (!result.ok) {
      throw new AppError(({ not_found: 'not_found', same_person: 'same_person', checks_failed: 'checks_failed', not_processed: 'conflict' } as const)[result.reason]);
    }
    // A change of holder: the new initial password, once, for this reviewer to print as a sealed slip.
    return c.json({ ok: true, status: result.request.status, slip: result.slip });
  });
