/** The signed-in officer, shared by every console page under the shell. */
import { createContext, useContext } from 'solid-js';
import { api, ApiError, type Me, type Role } from '../lib/api.ts';

export type OfficerSession = { me: Me; can(role: Role): boolean };

/** Who this browser's session belongs to, or null when it has none (or it has expired). */
export async function whoIsSignedIn(): Promise<Me | null> {
  try {
    return await api.auth.me();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export const OfficerContext = createContext<OfficerSession>();

export function useOfficer(): OfficerSession {
  const session = useContext(OfficerContext);
  if (!session) throw new Error('useOfficer outside the officer shell');
  return session;
}
