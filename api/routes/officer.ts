/**
 * The officer console's API, /api/officer/*: every route needs an officer's portal session;
 * actions that decide or issue credentials name their role. Staff sessions get 403.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { listUnits } from '../../db/queries/units.ts';
import { getWaitingWork } from '../domain/dashboard.ts';
import { requireOfficer, requireSession, type SessionEnv } from './guards.ts';
import { officerAccountRoutes } from './officer-accounts.ts';
import { officerAuditRoutes } from './officer-audit.ts';
import { officerLegacyRoutes } from './officer-legacy.ts';
import { officerRegistrationRoutes } from './officer-registrations.ts';
import { officerServiceRequestRoutes } from './officer-service-requests.ts';

export const officerRoutes = new Hono<SessionEnv>()
  .use(requireSession('portal'), requireOfficer())

  .get('/dashboard', async (c) => {
    const { database, clock } = c.var.deps;
    return c.json({ queues: await getWaitingWork(database.db, clock), at: clock.now() });
  })

  .get('/units', async (c) => {
    const units = await listUnits(c.var.deps.database.db);
    return c.json(units.map((u) => ({ code: u.code, ministry: u.ministry, department: u.department, name: u.name })));
  })

  /** Live: an `update` event whenever a queue changes (a submission or a decision, on any instance). */
  .get('/events', async (c) => {
    const { live } = c.var.deps;
    return streamSSE(c, async (stream) => {
      let wake: (() => void) | undefined;
      let changed = false;
      const onChange = () => { changed = true; wake?.(); };
      const unsubscribes = [
        await live.subscribe('officer_queue', 'registrations', onChange),
        await live.subscribe('officer_queue', 'service_requests', onChange),
      ];
      stream.onAbort(() => { unsubscribes.forEach((u) => u()); wake?.(); });
      await stream.writeSSE({ event: 'ready', data: '' });
      while (!stream.aborted) {
        if (!changed) await new Promise<void>((r) => { wake = r; setTimeout(r, 25_000); });
        wake = undefined;
        if (stream.aborted) break;
        await stream.writeSSE(changed ? { event: 'update', data: 'queues' } : { event: 'ping', data: '' });
        changed = false;
      }
    });
  })

  .route('/registrations', officerRegistrationRoutes)
  .route('/accounts', officerAccountRoutes)
  .route('/audit', officerAuditRoutes)
  .route('/legacy', officerLegacyRoutes)
  .route('/service-requests', officerServiceRequestRoutes);
