/**
 * bad input anywhere gets a clear error and never a server error. Every route that
 * takes input is sent malformed bodies, wrong types and junk parameters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

const ROUTES: Array<[method: string, path: string]> = [
  ['POST', '/api/auth/login'], ['POST', '/api/auth/password'], ['POST', '/api/auth/renew'],
  ['POST', '/api/auth/password-reset'], ['POST', '/api/auth/password-reset/check'],
  ['POST', '/api/registration/step1'], ['PUT', '/api/registration/personal'], ['POST', '/api/registration/email/verify'],
  ['POST', '/api/activation/options'], ['POST', '/api/activation/verify'],
  ['POST', '/api/service-requests'], ['POST', '/api/service-requests/SR-AAAAAA-AAAAAA/scan'], ['POST', '/api/service-requests/email-change/verify'],
  ['GET', '/api/service-requests/%ZZ'], ['GET', '/api/login-requests/not-a-uuid'], ['POST', '/api/login-requests/00000000-0000-0000-0000-000000000000/complete'],
  ['GET', '/api/proofing/callback?state=x&code=y'], ['GET', '/api/proofing/session/short'], ['POST', '/api/proofing/session/AAAAAAAAAAAAAAAAAAAAAA/confirm'],
  ['GET', '/api/public/units/%ZZ'], ['PUT', '/api/device/push'], ['POST', '/api/device/requests/x/approve'],
];
const BODIES = ['{bad', '[]', 'null', '"text"', '{"username":1,"password":[]}', '{"code":{"$gt":""}}', 'x'.repeat(70_000)];

describe('bad input', () => {
  it('should answer every malformed request with a JSON error below 500', async () => {
    const t = createTestApp(tdb.database);
    for (const [method, path] of ROUTES) {
      for (const body of method === 'GET' ? [undefined] : BODIES) {
        const res = await t.request(path, { method, body, headers: { 'content-type': 'application/json' } });
        expect(res.status, `${method} ${path} ${body?.slice(0, 20)}`).toBeLessThan(500);
        if (res.status === 303) {
          // The phone's provider callback answers with the failure page, not JSON.
          expect(res.headers.get('location')).toMatch(/^\/p\/result\?status=failed/);
          continue;
        }
        const json = await res.json();
        expect(typeof json.code, `${method} ${path}`).toBe('string');
        expect(typeof json.message, `${method} ${path}`).toBe('string');
      }
    }
  });
});
