import { describe, expect, it } from 'vitest';
import { failuresOf, type Report } from './lighthouse-verdict.ts';

/** A report with the given category scores; each category has one audit scoring as given. */
function report(scores: Record<string, number | null>, audits: Record<string, number | null> = {}): Report {
  const auditFor: Record<string, string> = {
    performance: 'largest-contentful-paint', accessibility: 'color-contrast', 'best-practices': 'errors-in-console', seo: 'meta-description',
  };
  return {
    categories: Object.fromEntries(Object.entries(scores).map(([id, score]) => [id, { title: id, score, auditRefs: [{ id: auditFor[id]!, weight: 1 }] }])),
    audits: Object.fromEntries(Object.entries(auditFor).map(([category, id]) => [id, { title: `${id} title`, score: audits[id] ?? scores[category] ?? 1 }])),
  };
}

describe('failuresOf', () => {
  it('should pass a page when accessibility and best practices are 100 and performance is 90', () => {
    expect(failuresOf(report({ performance: 0.9, accessibility: 1, 'best-practices': 1, seo: 0.5 }))).toEqual([]);
  });

  it('should fail a page when performance is under 90, naming the slow metric', () => {
    const failures = failuresOf(report({ performance: 0.89, accessibility: 1, 'best-practices': 1, seo: 1 }, { 'largest-contentful-paint': 0.6 }));
    expect(failures).toEqual([{ category: 'performance', score: 0.89, minimum: 0.9, audits: ['largest-contentful-paint (largest-contentful-paint title)'] }]);
  });

  it('should fail a page when accessibility or best practices is under 100, naming the failing audits', () => {
    const failures = failuresOf(report({ performance: 1, accessibility: 0.98, 'best-practices': 0.96, seo: 1 }));
    expect(failures.map((f) => [f.category, f.audits])).toEqual([
      ['accessibility', ['color-contrast (color-contrast title)']],
      ['best-practices', ['errors-in-console (errors-in-console title)']],
    ]);
  });

  it('should fail a page when a category was not measured', () => {
    expect(failuresOf(report({ performance: 1, accessibility: null, 'best-practices': 1 })).map((f) => f.category)).toEqual(['accessibility']);
    expect(failuresOf(report({ performance: 1, accessibility: 1 })).map((f) => f.category)).toEqual(['best-practices']);
  });
});
