/** Disbursing units: the demo units from the manual are seeded on first start. */
import type { Executor } from '../../db/index.ts';
import { units, type Unit } from '../../db/schema.ts';
import { recordAudit, type AuditActor } from './audit.ts';

export const DEMO_UNITS: Array<Omit<Unit, 'createdAt'>> = [
  { code: '0300200000', ministry: 'กระทรวงการคลัง', department: 'สำนักงานปลัดกระทรวงการคลัง', name: 'สำนักงานปลัดกระทรวงการคลัง' },
  { code: '0300400004', ministry: 'กระทรวงการคลัง', department: 'กรมบัญชีกลาง', name: 'กองบริหารการคลังภาครัฐ' },
  { code: '0300500000', ministry: 'กระทรวงการคลัง', department: 'กรมธนารักษ์', name: 'กรมธนารักษ์' },
  { code: '2200100000', ministry: 'กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม', department: 'สำนักงานปลัดกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม', name: 'สำนักงานปลัดกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม' },
  { code: '8888888888', ministry: 'กระทรวงการคลัง', department: 'กรมบัญชีกลาง', name: 'หน่วยทดสอบระบบ' },
];

export type CreateUnitResult = { ok: true; unit: Unit } | { ok: false; reason: 'exists' };

export async function createUnit(ex: Executor, input: Omit<Unit, 'createdAt'>, actor: AuditActor): Promise<CreateUnitResult> {
  const [unit] = await ex.insert(units).values(input).onConflictDoNothing().returning();
  if (!unit) return { ok: false, reason: 'exists' };
  await recordAudit(ex, actor, 'unit.create', { targetType: 'unit', targetId: unit.code });
  return { ok: true, unit };
}

/** Insert the manual's demo units where missing; safe to run on every start. */
export async function seedDemoUnits(ex: Executor): Promise<void> {
  await ex.insert(units).values(DEMO_UNITS).onConflictDoNothing();
}
