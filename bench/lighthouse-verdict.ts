/**
 * The pass/fail rule of `npm run lighthouse` (bench/lighthouse.ts), apart from the run so it can be
 * tested: accessibility and best practices 100, performance at least 90, on every page.
 */

/** The part of a Lighthouse result (LH.Result) this rule reads. */
export type Report = {
  categories: Record<string, { title: string; score: number | null; auditRefs: Array<{ id: string; weight: number }> } | undefined>;
  audits: Record<string, { title: string; score: number | null; displayValue?: string } | undefined>;
};

export const THRESHOLDS = { performance: 0.9, accessibility: 1, 'best-practices': 1 } as const;

export type Failure = { category: string; score: number | null; minimum: number; audits: string[] };

/**
 * What keeps a page from passing, with the audits to blame: for performance the weighted metrics
 * scoring under 0.9, for the others every audit that did not pass. Empty when the page passes.
 */
export function failuresOf(report: Report): Failure[] {
  const failures: Failure[] = [];
  for (const [id, minimum] of Object.entries(THRESHOLDS)) {
    const category = report.categories[id];
    // A category missing from the report is a failure too: the run did not measure it.
    if (!category) { failures.push({ category: id, score: null, minimum, audits: [] }); continue; }
    if (category.score !== null && category.score >= minimum) continue;
    const audits = category.auditRefs.flatMap((ref) => {
      const audit = report.audits[ref.id];
      if (!audit || audit.score === null) return [];
      const failing = id === 'performance' ? ref.weight > 0 && audit.score < 0.9 : audit.score < 1;
      return failing ? [`${ref.id} (${audit.title}${audit.displayValue ? `: ${audit.displayValue}` : ''})`] : [];
    });
    failures.push({ category: id, score: category.score, minimum, audits });
  }
  return failures;
}
