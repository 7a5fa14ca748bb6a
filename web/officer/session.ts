/** The signed-in officer, shared by every console page under the shell. */
import { createContext, useContext } from 'solid-js';
import type { Me, Role } from '../lib/api.ts';

export type OfficerSession = { me: Me; can(role: Role): boolean };

export const OfficerContext = createContext<OfficerSession>();

export function useOfficer(): OfficerSession {
  const session = useContext(OfficerContext);
  if (!session) throw new Error('useOfficer outside the officer shell');
  return session;
}
