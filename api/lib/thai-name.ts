/** A person's name in Thai as the manual writes it. */
export type ThaiNameParts = {
  title?: string | null;
  firstNameTh?: string | null;
  middleNameTh?: string | null;
  lastNameTh?: string | null;
};

/**
 * The title joins the first name without a space ("นายสมชาย ใจดี", as on the manual's forms);
 * missing parts are left out. Empty string when there is no name at all.
 */
export function thaiFullName(n: ThaiNameParts): string {
  const first = `${n.title?.trim() ?? ''}${n.firstNameTh?.trim() ?? ''}`;
  return [first, n.middleNameTh?.trim(), n.lastNameTh?.trim()].filter(Boolean).join(' ');
}
