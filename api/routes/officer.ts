/**
 * The officer console's API, /api/officer/*: every route needs an officer's full session,
 * which only a passkey assertion opens (api/routes/officer-passkey.ts); the half-open
 * sessions after the password alone get 403, as do staff. Actions that decide or issue
 * credentials name their role.
 */
import { Hono } from 'hono';
import { listUnits } from '../../db/queries/units.ts';
import { getWaitingWork } from '../domain/dashboard.ts';
import { requireOfficer, requireSession, type SessionEnv } from '../http/guards.ts';
import { officerAccountRoutes } from './officer-accounts.ts';
import { officerAuditRoutes } from './officer-audit.ts';
import { officerLegacyRoutes } from './officer-legacy.ts';
import { officerOidcClientRoutes } from './officer-oidc-clients.ts';
import { officerRegistrationRoutes } from './officer-registrations.ts';
import { officerServiceRequestRoutes } from './officer-service-requests.ts';
import { liveStream } from '../http/live-stream.ts';

export const officerRoutes = new Hono<SessionEnv>()
  .use(requireSession('portal'), requireOfficer())

  .get('/dashboard', async (c) => {
    const { database, clock } = c.var.deps;
    return c.json({ queues: await getWaitingWork(database.db, clock), at: clock.now() });
  })

  .get('/units', async (c) => c.json(await listUnits(c.var.deps.database.db)))

  /** Live: an `update` event whenever a queue changes (a submission or a decision, on any instance). */
  .get('/events', (c) => {
    return liveStream(c, c.var.deps.live, {
      sources: [['officer_queue', 'registrations'], ['officer_queue', 'service_requests']], event: 'update',
    });
  })

  .route('/registrations', officerRegistrationRoutes)
  .route('/accounts', officerAccountRoutes)
  .route('/audit', officerAuditRoutes)
  .route('/legacy', officerLegacyRoutes)
  .route('/service-requests', officerServiceRequestRoutes)
  .route('/oidc-clients', officerOidcClientRoutes);
