import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from './accounts.ts';
import { SYSTEM_ACTOR } from './audit.ts';
import { createSession, deleteAccountSessions, validateSession } from './sessions.ts';
import { manualClock } from '../lib/clock.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/db.ts';

let tdb: TestDatabase;
beforeAll(async () => { tdb = await createTestDatabase(); });
afterAll(async () => { await tdb.drop(); });

const policy = { idleMinutes: 30, absoluteHours: 12 };

async function newAccount() {
  const r = await createAccount(tdb.database.db, { unitCode: '0300200000' }, SYSTEM_ACTOR);
  if (!r.ok) throw new Error(r.reason);
  return r.account;
}

describe('sessions', () => {
  it('should keep a session alive while it is used and end it after the idle limit', async () => {
    const clock = manualClock();
    const account = await newAccount();
    const { token } = await createSession(tdb.database.db, clock, policy, { accountId: account.id, kind: 'portal' });
    clock.advance(25 * 60_000);
    expect((await validateSession(tdb.database.db, clock, policy, token)).ok).toBe(true);
    clock.advance(25 * 60_000); // 50 minutes in, but only 25 idle
    expect((await validateSession(tdb.database.db, clock, policy, token)).ok).toBe(true);
    clock.advance(31 * 60_000);
    expect(await validateSession(tdb.database.db, clock, policy, token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('should end a session at the absolute limit even when it is used all along', async () => {
    const clock = manualClock();
    const account = await newAccount();
    const { token } = await createSession(tdb.database.db, clock, policy, { accountId: account.id, kind: 'portal' });
    for (let i = 0; i < 26; i++) {
      clock.advance(29 * 60_000);
      await validateSession(tdb.database.db, clock, policy, token);
    }
    expect((await validateSession(tdb.database.db, clock, policy, token)).ok).toBe(false);
  });

  it('should end every session of an account when asked', async () => {
    const clock = manualClock();
    const account = await newAccount();
    const a = await createSession(tdb.database.db, clock, policy, { accountId: account.id, kind: 'portal' });
    const b = await createSession(tdb.database.db, clock, policy, { accountId: account.id, kind: 'registration' });
    await deleteAccountSessions(tdb.database.db, account.id);
    expect((await validateSession(tdb.database.db, clock, policy, a.token)).ok).toBe(false);
    expect((await validateSession(tdb.database.db, clock, policy, b.token)).ok).toBe(false);
    expect(await validateSession(tdb.database.db, clock, policy, 'not-a-token')).toEqual({ ok: false, reason: 'unknown' });
  });
});
