/** Searching the audit log by account, national ID, action and Thai-calendar days. */
import { Hono } from 'hono';
import { z } from 'zod';
import { listAuditActions, searchAuditLog } from '../domain/audit-search.ts';
import { validate } from '../http/validate.ts';
import type { SessionEnv } from '../http/guards.ts';
import { day, dayRange, optional, pageQuery } from '../http/officer-params.ts';

const SearchQuery = z.object({
  username: optional(z.string().trim().min(1).max(32)),
  nationalId: optional(z.string().trim().regex(/^\d{13}$/, 'national_id_format')),
  action: optional(z.string().trim().max(100).regex(/^[a-z0-9_.]+$/, 'invalid')),
  from: optional(day),
  to: optional(day),
  ...pageQuery,
});

export const officerAuditRoutes = new Hono<SessionEnv>()
  .get('/', validate('query', SearchQuery), async (c) => {
    const q = c.req.valid('query');
    const range = dayRange(q.from, q.to);
    return c.json(await searchAuditLog(c.var.deps.database.db, {
      username: q.username, nationalId: q.nationalId, action: q.action, from: range.from, before: range.before,
    }, { page: q.page, pageSize: q.pageSize }));
  })
  .get('/actions', async (c) => c.json(await listAuditActions(c.var.deps.database.db)));
