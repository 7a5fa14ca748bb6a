import { lazy } from 'solid-js';
import type { RouteDefinition, RouteSectionProps } from '@solidjs/router';
import { FaceLayout } from '../components/Layout.tsx';
import { NotFound } from '../components/NotFound.tsx';

/** Desktop portal: registration, status tracking and self-service for staff users. */
export const portalRoutes: RouteDefinition = {
  path: '/',
  component: (props: RouteSectionProps) => <FaceLayout face="portal">{props.children}</FaceLayout>,
  children: [
    { path: '/', component: lazy(() => import('./HomePage.tsx')) },
    { path: '*', component: NotFound },
  ],
};
