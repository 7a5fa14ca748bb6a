/** The approval queue (R-4.1 … ): list, review, the appointment PDF, approve or reject with a reason. */
import { Hono } from 'hono';
import { z } from 'zod';
import { listRegistrations } from '../../db/queries/registrations.ts';
import { actorOf } from '../http/context.ts';
import { approveRegistration, rejectRegistration, type DecisionResult } from '../domain/approval.ts';
import { unitCodeSchema } from '../domain/identifiers.ts';
import { openAppointmentDocument, revealRegistrationNationalIds, reviewRegistration } from '../domain/registration-review.ts';
import { AppError } from '../errors.ts';
import { pdfResponse } from '../http/pdf-response.ts';
import { validate } from '../http/validate.ts';
import { requireOfficer, type SessionEnv } from '../http/guards.ts';
import { day, dayRange, optional, pageQuery } from '../http/officer-params.ts';

const ListQuery = z.object({
  status: z.enum(['pending', 'approved', 'rejected', 'all']).default('pending'),
  unit: optional(unitCodeSchema),
  from: optional(day),
  to: optional(day),
  name: optional(z.string().trim().min(1).max(100)),
  nationalId: optional(z.string().trim().regex(/^\d{13}$/, 'national_id_format')),
  sort: z.enum(['oldest', 'newest']).default('oldest'),
  ...pageQuery,
});

const IdParam = z.object({ id: z.uuid() });
const RejectBody = z.object({ reason: z.string().trim().min(1, 'required').max(1000, 'too_long') });

function decided(result: DecisionResult) {
  if (result.ok) return { id: result.registration.id, status: result.registration.status, decidedAt: result.registration.decidedAt };
  throw new AppError(result.reason);
}

export const officerRegistrationRoutes = new Hono<SessionEnv>()
  .get('/', validate('query', ListQuery), async (c) => {
    const q = c.req.valid('query');
    const range = dayRange(q.from, q.to);
    const page = await listRegistrations(c.var.deps.database.db, {
      status: q.status, unitCode: q.unit, submittedFrom: range.from, submittedBefore: range.before,
      name: q.name, nationalId: q.nationalId, sort: q.sort,
    }, { page: q.page, pageSize: q.pageSize });
    return c.json(page);
  })

  .get('/:id', validate('param', IdParam), async (c) => {
    const { database } = c.var.deps;
    const result = await reviewRegistration(database.db, c.var.account, c.req.valid('param').id, actorOf(c, 'officer', c.var.account.id));
    if (!result.ok) throw new AppError('not_found');
    return c.json(result.review);
  })

  /** The full national IDs behind the masked ones of the review ("show"); each look is audited. */
  .get('/:id/national-id', validate('param', IdParam), async (c) => {
    const result = await c.var.deps.database.db.transaction((tx) =>
      revealRegistrationNationalIds(tx, c.req.valid('param').id, actorOf(c, 'officer', c.var.account.id)));
    if (!result.ok) throw new AppError('not_found');
    return c.json(result.nationalIds);
  })

  /** The appointment order, shown inside the review page; never run as anything but a PDF. */
  .get('/:id/document', validate('param', IdParam), async (c) => {
    const doc = await openAppointmentDocument(c.var.deps.database.db, c.req.valid('param').id, actorOf(c, 'officer', c.var.account.id));
    if (!doc) throw new AppError('not_found');
    return pdfResponse(c, doc);
  })

  .post('/:id/approve', requireOfficer('officer'), validate('param', IdParam), async (c) => {
    const { database, clock } = c.var.deps;
    const result = await database.db.transaction((tx) => approveRegistration(tx, clock, {
      officer: c.var.account, registrationId: c.req.valid('param').id,
    }, actorOf(c, 'officer', c.var.account.id)));
    return c.json(decided(result));
  })

  .post('/:id/reject', requireOfficer('officer'), validate('param', IdParam), validate('json', RejectBody), async (c) => {
    const { database, clock } = c.var.deps;
    const result = await database.db.transaction((tx) => rejectRegistration(tx, clock, {
      officer: c.var.account, registrationId: c.req.valid('param').id, reason: c.req.valid('json').reason,
    }, actorOf(c, 'officer', c.var.account.id)));
    return c.json(decided(result));
  });
