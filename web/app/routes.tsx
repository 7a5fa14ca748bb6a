import { lazy } from 'solid-js';
import type { RouteDefinition, RouteSectionProps } from '@solidjs/router';
import { FaceLayout } from '../components/Layout.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { listenForInstallPrompt } from './platform.ts';

// Chrome offers installation once, early: catch the offer before the home page has loaded.
listenForInstallPrompt();

const HomePage = lazy(() => import('./HomePage.tsx'));

/** Phone authenticator (the installed PWA, start_url /app): activation and login approvals. */
export const phoneRoutes: RouteDefinition = {
  path: '/app',
  component: (props: RouteSectionProps) => <FaceLayout face="phone">{props.children}</FaceLayout>,
  children: [
    { path: '/', component: HomePage },
    { path: '/activate', component: lazy(() => import('./ActivatePage.tsx')) },
    // A notification's tap lands here: the request's approval screen.
    { path: '/requests/:id', component: lazy(() => import('./requests/RequestPage.tsx')) },
    { path: '*', component: NotFound },
  ],
};
