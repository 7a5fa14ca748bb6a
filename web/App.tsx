/** Three faces on one origin: the desktop portal (/), the officer console (/officer) and the phone app (/app). */
import { Router } from '@solidjs/router';
import { phoneRoutes } from './app/routes.tsx';
import { officerRoutes } from './officer/routes.tsx';
import { portalRoutes } from './portal/routes.tsx';

export function App() {
  return <Router>{[officerRoutes, phoneRoutes, portalRoutes]}</Router>;
}
