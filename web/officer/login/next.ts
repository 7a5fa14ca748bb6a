/** Where the officer's sign-in goes next, and back to once the console opens. */
import type { OfficerStep } from '../../lib/api.ts';

/** Only a path inside the console: never an open redirect. */
export function safeNext(next: string | undefined): string {
  return next && /^\/officer(\/[^/]|$|\?)/.test(next) && !next.startsWith('/officer/login') && !next.startsWith('/officer/passkey') ? next : '/officer';
}

/** The page of a passkey step, carrying where to go afterwards. */
export function passkeyStepPath(step: Exclude<OfficerStep, 'change_password'>, next: string | undefined): string {
  const path = step === 'enrol_passkey' ? '/officer/passkey/enrol' : '/officer/passkey';
  return `${path}?next=${encodeURIComponent(safeNext(next))}`;
}
