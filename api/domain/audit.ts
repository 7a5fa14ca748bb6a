/** The append-only audit log: every state change and officer action. */
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/index.ts';
import { reusableByCount } from '../../db/reusable.ts';
import { auditEvents } from '../../db/schema.ts';
import { blindIndex, maskNationalId } from '../../db/sealing.ts';

export type AuditActor = {
  kind: 'user' | 'officer' | 'device' | 'system';
  accountId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
};

export const SYSTEM_ACTOR: AuditActor = { kind: 'system' };

export type AuditSubject = {
  accountId?: string | null; nationalId?: string | null; targetType?: string; targetId?: string; details?: Record<string, unknown>;
};

export type AuditEntry = { actor: AuditActor; action: string; subject?: AuditSubject };

/** Record one event; call it inside the transaction that makes the change. */
export async function recordAudit(ex: Executor, actor: AuditActor, action: string, subject: AuditSubject = {}): Promise<void> {
  await recordAudits(ex, [{ actor, action, subject }]);
}

/** Record the events of one step in one statement (inside the transaction that makes the change). */
export async function recordAudits(ex: Executor, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  const rows = entries.map(auditRow);
  if (rows.length > BUILT_ONCE_UP_TO) {
    await ex.insert(auditEvents).values(rows);
    return;
  }
  await insertRows(rows.length, ex, Object.fromEntries(rows.flatMap((row, i) => COLUMNS.map((c) => [`${c}${i}`, row[c]]))));
}

const COLUMNS = ['actorKind', 'actorAccountId', 'ip', 'userAgent', 'action', 'subjectAccountId', 'nationalIdIndex', 'nationalIdMasked', 'targetType', 'targetId', 'details'] as const;
type AuditRow = { [K in (typeof COLUMNS)[number]]: typeof auditEvents.$inferInsert[K] };

function auditRow({ actor, action, subject = {} }: AuditEntry): AuditRow {
  return {
    actorKind: actor.kind,
    actorAccountId: actor.accountId ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent?.slice(0, 512) ?? null,
    action,
    subjectAccountId: subject.accountId ?? null,
    // Never the number itself (PDPA): its blind index to search by, its masked form to show.
    nationalIdIndex: subject.nationalId ? blindIndex(subject.nationalId) : null,
    nationalIdMasked: subject.nationalId ? maskNationalId(subject.nationalId) : null,
    targetType: subject.targetType ?? null,
    targetId: subject.targetId ?? null,
    details: subject.details ?? null,
  };
}

/** A step records a few events: inserts of up to this many rows are built once (db/reusable.ts), larger ones on each call. */
const BUILT_ONCE_UP_TO = 4;
const insertRows = reusableByCount('audit', (count, ex) => ex.insert(auditEvents).values(Array.from({ length: count }, (_, i) => (
  Object.fromEntries(COLUMNS.map((c) => [c, sql.placeholder(`${c}${i}`)])) as unknown as AuditRow
))));
