import { lazy } from 'solid-js';
import type { RouteDefinition, RouteSectionProps } from '@solidjs/router';
import { FaceLayout } from '../components/Layout.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { proofingPhoneRoutes } from '../proofing/routes.tsx';

/** Desktop portal: registration, status tracking and self-service for staff users. */
export const portalRoutes: RouteDefinition = {
  path: '/',
  component: (props: RouteSectionProps) => <FaceLayout face="portal">{props.children}</FaceLayout>,
  children: [
    { path: '/', component: lazy(() => import('./login/LoginPage.tsx')) },
    {
      path: '/register',
      component: lazy(() => import('./registration/RegistrationLayout.tsx')),
      children: [
        { path: '/', component: lazy(() => import('./registration/TrackerPage.tsx')) },
        { path: '/step1', component: lazy(() => import('./registration/Step1Page.tsx')) },
        { path: '/proofing', component: lazy(() => import('./registration/ProofingPage.tsx')) },
        { path: '/details', component: lazy(() => import('./registration/DetailsPage.tsx')) },
        { path: '/review', component: lazy(() => import('./registration/ReviewPage.tsx')) },
        { path: '/result', component: lazy(() => import('./registration/ResultPage.tsx')) },
        { path: '/activate', component: lazy(() => import('./registration/ActivatePage.tsx')) },
      ],
    },
    ...proofingPhoneRoutes,
    { path: '*', component: NotFound },
  ],
};
