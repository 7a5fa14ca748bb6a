/** Thai national ID, checked in the browser for a quick answer; the server decides. */

/** True when `id` is 13 digits whose last is the mod-11 check digit of the first 12. */
export function isValidNationalId(id: string): boolean {
  if (!/^\d{13}$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(id[i]) * (13 - i);
  return (11 - (sum % 11)) % 10 === Number(id[12]);
}

/** The same codes the server uses for this field, or null when the ID is fine. */
export function nationalIdProblem(input: string): 'national_id_format' | 'national_id_checksum' | null {
  const id = normaliseNationalId(input);
  if (!/^\d{13}$/.test(id)) return 'national_id_format';
  return isValidNationalId(id) ? null : 'national_id_checksum';
}

/** People type IDs as on the card, 1-2345-67890-12-3: keep the digits only. */
export function normaliseNationalId(input: string): string {
  return input.replace(/[\s-]/g, '');
}
