/**
 * Which of the manual's password rules a new password meets, in the order the
 * server lists them (api/domain/password-policy.ts policyRules('manual')), so the form can
 * tick them as the person types. The server still decides (it also refuses common passwords).
 */
const SPECIALS = '~!@#$%^&*()-_=+[]{}|;:,.<>/?"';

export function manualRulesMet(candidate: string, oldPassword: string): boolean[] {
  return [
    candidate.length >= 8 && !/\s/.test(candidate),
    /[a-z]/.test(candidate),
    /[A-Z]/.test(candidate),
    /[0-9]/.test(candidate),
    [...candidate].some((ch) => SPECIALS.includes(ch)),
    candidate.length > 0 && candidate !== oldPassword,
  ];
}
