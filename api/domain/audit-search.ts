/** The officers' view of the audit log (R-10.1): searchable, and never a secret in it. */
import type { Executor } from '../../db/index.ts';
import { listAuditActions, searchAudit, type AuditFilter, type AuditRow } from '../../db/queries/audit.ts';
import type { PageRequest, Paged } from '../../db/queries/like.ts';

/** Detail keys that could carry a secret; events should never hold one, this makes sure none is shown. */
const SECRET_KEY = /password|hash|secret|token|otp|challenge|verifier|nonce|^code$|binding/i;

export function redactDetails(details: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!details) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) {
    if (SECRET_KEY.test(k)) continue;
    out[k] = v && typeof v === 'object' && !Array.isArray(v) ? redactDetails(v as Record<string, unknown>) : v;
  }
  return out;
}

export async function searchAuditLog(ex: Executor, filter: AuditFilter, page: PageRequest): Promise<Paged<AuditRow>> {
  const result = await searchAudit(ex, filter, page);
  return { ...result, items: result.items.map((r) => ({ ...r, details: redactDetails(r.details) })) };
}

export { listAuditActions };
