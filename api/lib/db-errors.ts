/**
 * "The database cannot be reached right now" (restarting, failing over, network down), as
 * opposed to "this request is wrong". postgres.js reconnects by itself once the server is
 * back, so such a request deserves a 503 the client may retry, not a 500.
 */

/** Socket errors and postgres.js's own connection errors. */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
]);

/**
 * SQLSTATEs: class 08 (connection exception), admin/crash shutdown and "starting up"
 * (57P01–57P03), too many connections (53300).
 */
function unavailableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** True for a connection-level failure, possibly wrapped by drizzle (`cause`). */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code } = e as { code?: unknown };
    if (typeof code === 'string' && (CONNECTION_ERRORS.has(code) || unavailableSqlState(code))) return true;
  }
  return false;
}
