/** An account's soft token: the authenticator row its phone holds. */
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../index.ts';
import { authenticators, type Authenticator } from '../schema.ts';

/**
 * Which row is an account's active token: the one not revoked (a partial unique index keeps it
 * to one). A suspended token is still the active one; callers decide what suspension means.
 * Takes an id, or a column for correlated subqueries.
 */
export function activeTokenOf(accountId: string | AnyPgColumn): SQL {
  return sql`(${authenticators.accountId} = ${accountId} and ${authenticators.revokedAt} is null)`;
}

export async function findActiveToken(ex: Executor, accountId: string): Promise<Authenticator | undefined> {
  const [token] = await ex.select().from(authenticators).where(activeTokenOf(accountId));
  return token;
}
