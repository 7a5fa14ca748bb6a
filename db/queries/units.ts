/** Disbursing units: the one lookup by code, pick lists, checking imported rows. */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../index.ts';
import { units } from '../schema.ts';

/** What pages show of a unit (the manual's รหัสหน่วยเบิกจ่าย, กระทรวง, กรม, หน่วยงาน). */
export type UnitView = { code: string; ministry: string; department: string; name: string };

/** The UnitView columns, for queries that join a unit in. */
export const unitViewColumns = { code: units.code, ministry: units.ministry, department: units.department, name: units.name };

export async function findUnit(ex: Executor, code: string): Promise<UnitView | undefined> {
  const [unit] = await ex.select(unitViewColumns).from(units).where(eq(units.code, code));
  return unit;
}

/** These units by code; codes that do not exist are missing from the map. */
export async function findUnits(ex: Executor, codes: string[]): Promise<Map<string, UnitView>> {
  if (!codes.length) return new Map();
  const rows = await ex.select(unitViewColumns).from(units).where(inArray(units.code, [...new Set(codes)]));
  return new Map(rows.map((u) => [u.code, u]));
}

export async function listUnits(ex: Executor): Promise<UnitView[]> {
  return ex.select(unitViewColumns).from(units).orderBy(asc(units.code));
}

/** Which of these unit codes exist. */
export async function existingUnitCodes(ex: Executor, codes: string[]): Promise<Set<string>> {
  return new Set((await findUnits(ex, codes)).keys());
}
