/** Searching the append-only audit log. */
import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../index.ts';
import { accounts, auditEvents, serviceRequests } from '../schema.ts';
import { blindIndex } from '../sealing.ts';
import { offsetOf, prefixPattern, type PageRequest, type Paged } from './like.ts';

export type AuditFilter = {
  /** The account that acted or was acted on. */
  username?: string;
  nationalId?: string;
  /** An exact action (`registration.approve`) or a family ending in a dot (`registration.`). */
  action?: string;
  from?: Date;
  before?: Date;
};

const actor = alias(accounts, 'actor');
const subject = alias(accounts, 'subject');

export type AuditRow = {
  id: number; at: Date; actorKind: string; actorUsername: string | null; action: string;
  subjectUsername: string | null; nationalId: string | null; targetType: string | null; targetId: string | null;
  ip: string | null; userAgent: string | null; details: Record<string, unknown> | null;
};

function conditions(f: AuditFilter): SQL | undefined {
  const where: Array<SQL | undefined> = [];
  if (f.username) {
    const u = f.username.trim().toUpperCase();
    where.push(or(eq(actor.username, u), eq(subject.username, u)));
  }
  if (f.nationalId) where.push(eq(auditEvents.nationalIdIndex, blindIndex(f.nationalId)));
  if (f.action) {
    where.push(f.action.endsWith('.') ? sql`${auditEvents.action} like ${prefixPattern(f.action)}` : eq(auditEvents.action, f.action));
  }
  if (f.from) where.push(gte(auditEvents.at, f.from));
  if (f.before) where.push(lt(auditEvents.at, f.before));
  return and(...where);
}

/** Newest first. */
export async function searchAudit(ex: Executor, f: AuditFilter, p: PageRequest): Promise<Paged<AuditRow>> {
  const where = conditions(f);
  const items = await ex.select({
    id: auditEvents.id, at: auditEvents.at, actorKind: auditEvents.actorKind, actorUsername: actor.username,
    action: auditEvents.action, subjectUsername: subject.username, nationalId: auditEvents.nationalIdMasked,
    targetType: auditEvents.targetType, targetId: auditEvents.targetId, ip: auditEvents.ip,
    userAgent: auditEvents.userAgent, details: auditEvents.details,
  }).from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorAccountId))
    .leftJoin(subject, eq(subject.id, auditEvents.subjectAccountId))
    .where(where).orderBy(desc(auditEvents.at), desc(auditEvents.id)).limit(p.pageSize).offset(offsetOf(p));
  const [total] = await ex.select({ n: count() }).from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorAccountId))
    .leftJoin(subject, eq(subject.id, auditEvents.subjectAccountId))
    .where(where);
  return { items, total: total?.n ?? 0, ...p };
}

/** Every action name recorded so far, for the search form's pick list. */
export async function listAuditActions(ex: Executor): Promise<string[]> {
  const rows = await ex.selectDistinct({ action: auditEvents.action }).from(auditEvents).orderBy(asc(auditEvents.action));
  return rows.map((r) => r.action);
}

/**
 * Audit actions by which an officer holds an account's initial credentials: creating it, or
 * issuing its initial password (a reissued slip, legacy step 0, a change of holder's slip).
 * A password reset is not one: its link goes only to the holder's verified email.
 */
export const CREDENTIAL_ISSUING_ACTIONS = [
  'account.create', 'account.initial_password.reissue', 'legacy.initial_password.issue', 'service_request.effect.change_holder',
] as const;

/** Whether this officer ever created the account or gave it a password (four-eyes, FLOWS §7). */
export async function officerIssuedCredentials(ex: Executor, officerId: string, accountId: string): Promise<boolean> {
  const [logged] = await ex.select({ id: auditEvents.id }).from(auditEvents).where(and(
    eq(auditEvents.actorAccountId, officerId), eq(auditEvents.subjectAccountId, accountId),
    inArray(auditEvents.action, [...CREDENTIAL_ISSUING_ACTIONS]),
  )).limit(1);
  if (logged) return true;
  // A change of holder's effect is logged under its reviewer; the officer who processed it counts too.
  const [processed] = await ex.select({ id: serviceRequests.id }).from(serviceRequests).where(and(
    eq(serviceRequests.accountId, accountId), eq(serviceRequests.processedBy, officerId), eq(serviceRequests.outcome, 'done'),
    eq(serviceRequests.purpose, 'change_holder'),
  )).limit(1);
  return Boolean(processed);
}
