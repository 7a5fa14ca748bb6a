/** A user's search text as a LIKE pattern that matches it anywhere, with `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** The same, anchored at the start. */
export function prefixPattern(text: string): string {
  return `${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** Page arithmetic shared by every paged list. */
export type PageRequest = { page: number; pageSize: number };
export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };

export const offsetOf = (p: PageRequest) => (p.page - 1) * p.pageSize;
