/** Conditions on login requests shared by the statements that read them. */
import { sql, type SQL } from 'drizzle-orm';
import { loginRequests } from '../schema.ts';

/**
 * A request still pending, the status written out rather than a parameter: PostgreSQL soon plans
 * a prepared statement once for all its values, and only a status written out lets that plan use
 * the partial indexes on pending requests (without it, the phone's list read every phone's
 * pending requests).
 */
export function isPending(): SQL {
  return sql`${loginRequests.status} = 'pending'`;
}
