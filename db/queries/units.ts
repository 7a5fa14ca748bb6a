/** Disbursing units for pick lists and for checking imported rows. */
import { asc, inArray } from 'drizzle-orm';
import type { Executor } from '../index.ts';
import { units, type Unit } from '../schema.ts';

export async function listUnits(ex: Executor): Promise<Unit[]> {
  return ex.select().from(units).orderBy(asc(units.code));
}

/** Which of these unit codes exist. */
export async function existingUnitCodes(ex: Executor, codes: string[]): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const rows = await ex.select({ code: units.code }).from(units).where(inArray(units.code, [...new Set(codes)]));
  return new Set(rows.map((r) => r.code));
}
