/** Query parameters shared by the officer console's lists: paging and Thai-calendar-day ranges. */
import { z } from 'zod';

/** Form fields arrive as '' when left empty: treat that as absent. */
export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

/** A calendar day (yyyy-mm-dd, as <input type="date"> sends it). */
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'invalid');

// Officers work in Thailand (UTC+7, no daylight saving): a day runs from midnight Bangkok time.
const BANGKOK_OFFSET = '+07:00';

/** From the start of `from` to the end of `to`, both inclusive days in Bangkok time. */
export function dayRange(from?: string, to?: string): { from?: Date; before?: Date } {
  return {
    from: from ? new Date(`${from}T00:00:00${BANGKOK_OFFSET}`) : undefined,
    before: to ? new Date(new Date(`${to}T00:00:00${BANGKOK_OFFSET}`).getTime() + 86_400_000) : undefined,
  };
}
