import { lazy } from 'solid-js';
import type { RouteDefinition, RouteSectionProps } from '@solidjs/router';
import { FaceLayout } from '../components/Layout.tsx';
import { NotFound } from '../components/NotFound.tsx';

/** Phone authenticator (the installed PWA, start_url /app): activation and login approvals. */
export const phoneRoutes: RouteDefinition = {
  path: '/app',
  component: (props: RouteSectionProps) => <FaceLayout face="phone">{props.children}</FaceLayout>,
  children: [
    { path: '/', component: lazy(() => import('./HomePage.tsx')) },
    { path: '*', component: NotFound },
  ],
};
