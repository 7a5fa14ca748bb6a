/**
 * The passkey pages run on the half-open session the password left (officer_enrol or
 * officer_verify). Anyone else, or a session that has expired, goes back to the login.
 */
import { createEffect, createResource } from 'solid-js';
import { useNavigate } from '@solidjs/router';
import { whoIsSignedIn } from '../session.ts';

/** True once this browser holds a half-open session of `kind`; otherwise it is sent to the login page. */
export function useHalfOpenSession(kind: 'officer_enrol' | 'officer_verify', next: () => string) {
  const navigate = useNavigate();
  const [me, { refetch }] = createResource(whoIsSignedIn);
  const ready = () => {
    const m = me.state === 'ready' ? me() : undefined;
    return Boolean(m && m.kind === 'officer' && m.session === kind);
  };
  createEffect(() => {
    if (me.state !== 'ready' || ready()) return;
    const m = me();
    // Already past this step (e.g. the page reloaded after the passkey signed): straight to the console.
    if (m?.kind === 'officer' && m.session === 'portal') navigate(next(), { replace: true });
    else navigate(`/officer/login?next=${encodeURIComponent(next())}`, { replace: true });
  });
  return { me, ready, refetch };
}
