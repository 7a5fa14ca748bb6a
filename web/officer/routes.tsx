import { lazy } from 'solid-js';
import type { RouteDefinition, RouteSectionProps } from '@solidjs/router';
import { FaceLayout } from '../components/Layout.tsx';
import { NotFound } from '../components/NotFound.tsx';

/** Officer console: registration approvals, service requests, review and audit. */
export const officerRoutes: RouteDefinition = {
  path: '/officer',
  component: (props: RouteSectionProps) => <FaceLayout face="officer">{props.children}</FaceLayout>,
  children: [
    { path: '/', component: lazy(() => import('./HomePage.tsx')) },
    { path: '*', component: NotFound },
  ],
};
