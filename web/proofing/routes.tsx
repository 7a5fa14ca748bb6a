import { lazy } from 'solid-js';
import type { RouteDefinition } from '@solidjs/router';

/**
 * The phone's side of identity proofing (/p/…): the QR's link and the provider's landing
 * page. No login: the link's code is the capability. Children of the portal face.
 */
export const proofingPhoneRoutes: RouteDefinition[] = [
  { path: '/p/result', component: lazy(() => import('./ResultPage.tsx')) },
  { path: '/p/:code', component: lazy(() => import('./ConfirmPage.tsx')) },
];
