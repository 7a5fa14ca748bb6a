import type { Database } from '../../db/index.ts';
import { createAccount } from '../../api/domain/accounts.ts';
import { SYSTEM_ACTOR } from '../../api/domain/audit.ts';
import { withCheckDigit } from '../../api/domain/identifiers.ts';
import { randomInt } from 'node:crypto';
import type { Role } from '../../db/schema.ts';

/**
 * A fresh account with its one-time initial credentials. Officers get a national ID of their
 * own; to sign one in to the console use tests/helpers/officer.ts.
 */
export async function newAccount(database: Database, opts: { unitCode?: string; officer?: Role[]; email?: string; nationalId?: string } = {}) {
  const r = await createAccount(database.db, {
    unitCode: opts.unitCode ?? '0300200000',
    kind: opts.officer ? 'officer' : 'staff',
    roles: opts.officer ?? [],
    displayName: opts.officer ? 'เจ้าหน้าที่ทดสอบ' : undefined,
    email: opts.email,
    nationalId: opts.officer ? (opts.nationalId ?? withCheckDigit(`8${String(randomInt(0, 1e11)).padStart(11, '0')}`)) : undefined,
  }, SYSTEM_ACTOR);
  if (!r.ok) throw new Error(r.reason);
  return { account: r.account, ...r.credentials };
}

/** The session cookie pair ("name=value") out of a response's Set-Cookie. */
export function sessionCookie(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => /^(__Host-)?st_session=/.test(c));
  if (!set) throw new Error('no session cookie');
  return set.split(';')[0]!;
}
