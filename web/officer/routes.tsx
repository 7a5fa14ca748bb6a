import { lazy } from 'solid-js';
import type { RouteDefinition, RouteSectionProps } from '@solidjs/router';
import { FaceLayout } from '../components/Layout.tsx';
import { NotFound } from '../components/NotFound.tsx';

/**
 * Officer console: registration approvals, accounts and sealed slips, legacy step 0, the
 * audit log, the OpenID Connect clients (admins). Everything but the sign-in pages
 * (password, passkey) sits under OfficerShell, which lets in only officers whose passkey has signed.
 */
export const officerRoutes: RouteDefinition = {
  path: '/officer',
  component: (props: RouteSectionProps) => <FaceLayout face="officer">{props.children}</FaceLayout>,
  children: [
    { path: '/login', component: lazy(() => import('./login/LoginPage.tsx')) },
    // After the password (FLOWS §7): enrol the first passkey, or confirm with it.
    { path: '/passkey', component: lazy(() => import('./login/PasskeySignInPage.tsx')) },
    { path: '/passkey/enrol', component: lazy(() => import('./login/PasskeyEnrolPage.tsx')) },
    {
      path: '/',
      component: lazy(() => import('./OfficerShell.tsx')),
      children: [
        { path: '/', component: lazy(() => import('./dashboard/DashboardPage.tsx')) },
        { path: '/registrations', component: lazy(() => import('./registrations/QueuePage.tsx')) },
        { path: '/registrations/:id', component: lazy(() => import('./registrations/DetailPage.tsx')) },
        { path: '/service-requests', component: lazy(() => import('./service-requests/QueuePage.tsx')) },
        { path: '/service-requests/:id', component: lazy(() => import('./service-requests/DetailPage.tsx')) },
        { path: '/accounts', component: lazy(() => import('./accounts/AccountsPage.tsx')) },
        { path: '/accounts/new', component: lazy(() => import('./accounts/CreatePage.tsx')) },
        { path: '/accounts/import', component: lazy(() => import('./accounts/ImportPage.tsx')) },
        { path: '/accounts/slips', component: lazy(() => import('./accounts/SlipsPage.tsx')) },
        { path: '/legacy', component: lazy(() => import('./legacy/LookupPage.tsx')) },
        { path: '/legacy/:username', component: lazy(() => import('./legacy/ProfilePage.tsx')) },
        { path: '/audit', component: lazy(() => import('./audit/AuditPage.tsx')) },
        { path: '/clients', component: lazy(() => import('./clients/ClientsPage.tsx')) },
        { path: '*', component: NotFound },
      ],
    },
  ],
};
