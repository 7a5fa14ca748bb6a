/**
 * Fault: the same login request approved and denied at the same moment on two API instances
 * sharing one PostgreSQL database ([HARDEN] 5, R-10.5). Exactly one answer wins, the other
 * gets a clear 409 (`request_closed`), the desktop following the request on either instance
 * sees exactly that one outcome, and only an approval turns into a session.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { challengeFor } from '../../api/domain/login-requests.ts';
import { openDatabase, type Database } from '../../db/index.ts';
import { auditEvents, loginRequests } from '../../db/schema.ts';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase, usingPostgres, type TestDatabase } from '../helpers/db.ts';
import { readEvents } from '../helpers/sse.ts';
import { activatedAccount, startLogin } from '../helpers/token.ts';

// On PostgreSQL (CI) the second instance has its own connection pool; PGlite is one process's
// database, so there both instances share it and the race is between their transactions.
describe('approve and deny of one login request on two instances at once', () => {
  let tdb: TestDatabase;
  let second: Database;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    second = usingPostgres ? await openDatabase({ url: tdb.url }) : tdb.database;
  });
  afterAll(async () => {
    if (second !== tdb?.database) await second?.close();
    await tdb?.drop();
  });

  it('should let exactly one answer win, refuse the other with 409, and show the desktop only that one', async () => {
    console.log('fault exercised: same login request approved on one instance and denied on another at the same moment → exactly one outcome');
    const one = createTestApp(tdb.database);
    const two = createTestApp(second);
    const a = await activatedAccount(one, tdb.database);
    const outcomes: string[] = [];

    for (let round = 0; round < 8; round++) {
      // Both orders of "which instance approves"; each round out of the previous one's fatigue window.
      const [approver, denier] = round % 2 ? [two, one] : [one, two];
      const login = await startLogin(one, a.username, a.password);
      expect(login.res.status).toBe(200);
      const { requestId, picture } = login.body as { requestId: string; picture: string };

      // The desktop follows its request on the other instance than the one that took the password.
      const stream = await two.request(`/api/login-requests/${requestId}/events`, { headers: { cookie: login.binding } });
      expect(stream.status).toBe(200);
      const seen = readEvents(stream, (e) => e.event === 'status' && e.data !== 'pending', 10_000);

      // The phone prepares its signed approval; then approve and deny leave at the same moment.
      const pending = await (await approver.request('/api/device/requests', { headers: { cookie: a.device } })).json();
      const request = pending.find((r: { id: string }) => r.id === requestId);
      const response = a.phone.get(challengeFor(request.nonce, picture));
      const [approve, deny] = await Promise.all([
        approver.request(`/api/device/requests/${requestId}/approve`, { method: 'POST', headers: { cookie: a.device }, json: { choice: picture, response } }),
        denier.request(`/api/device/requests/${requestId}/deny`, { method: 'POST', headers: { cookie: a.device }, json: { notMe: false } }),
      ]);

      const statuses = [approve.status, deny.status].sort();
      expect(statuses, `round ${round}`).toEqual([200, 409]);
      const winner = approve.status === 200 ? 'approved' : 'denied';
      const loser = approve.status === 200 ? deny : approve;
      expect((await loser.json()).code).toBe('request_closed');
      outcomes.push(winner);

      // The desktop saw exactly one outcome, the winner's.
      const events = await seen;
      const finals = events.filter((e) => e.event === 'status' && e.data !== 'pending').map((e) => e.data);
      expect(finals, `round ${round}`).toEqual([winner]);
      const view = await (await two.request(`/api/login-requests/${requestId}`, { headers: { cookie: login.binding } })).json();
      expect(view.status).toBe(winner);

      // One row, one audit entry for the decision.
      const [row] = await tdb.database.db.select().from(loginRequests).where(eq(loginRequests.id, requestId));
      expect(row!.status).toBe(winner);
      const decisions = await tdb.database.db.select({ action: auditEvents.action }).from(auditEvents).where(and(
        eq(auditEvents.targetId, requestId), inArray(auditEvents.action, ['login.request.approved', 'login.request.denied']),
      ));
      expect(decisions.map((d) => d.action)).toEqual([`login.request.${winner}`]);

      // Only an approval becomes a session, once.
      const complete = await one.request(`/api/login-requests/${requestId}/complete`, { method: 'POST', headers: { cookie: login.binding } });
      expect(complete.status, `round ${round}`).toBe(winner === 'approved' ? 200 : 409);
      if (winner === 'approved') {
        const again = await two.request(`/api/login-requests/${requestId}/complete`, { method: 'POST', headers: { cookie: login.binding } });
        expect(again.status).toBe(409);
      }

      for (const inst of [one, two]) inst.clock.advance(16 * 60_000);
    }
    console.log(`  outcomes over ${outcomes.length} rounds: ${outcomes.filter((o) => o === 'approved').length} approved, ${outcomes.filter((o) => o === 'denied').length} denied`);
  });
});
