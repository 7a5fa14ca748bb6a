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
    // After the password (R-6 … R-8): the picture to match, the forced password change, renewal, the portal.
    { path: '/login/approve/:id', component: lazy(() => import('./login/ApprovePage.tsx')) },
    { path: '/password/change', component: lazy(() => import('./login/PasswordChangePage.tsx')) },
    // The reset link emailed to the verified address (FLOWS §6): no login, the token in the fragment.
    { path: '/password/reset', component: lazy(() => import('./login/PasswordResetPage.tsx')) },
    { path: '/renew', component: lazy(() => import('./login/RenewPage.tsx')) },
    { path: '/portal/notice', component: lazy(() => import('./login/NoticePage.tsx')) },
    // Signing in to another system (OpenID Connect, issue #14): the provider asks here for consent.
    { path: '/consent', component: lazy(() => import('./consent/ConsentPage.tsx')) },
    {
      path: '/portal',
      component: lazy(() => import('./home/PortalShell.tsx')),
      children: [
        { path: '/', component: lazy(() => import('./home/ProfilePage.tsx')) },
        { path: '/profile', component: lazy(() => import('./home/ProfilePage.tsx')) },
        { path: '/password', component: lazy(() => import('./home/PasswordPage.tsx')) },
        { path: '/revoke', component: lazy(() => import('./home/RevokePage.tsx')) },
      ],
    },
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
    // แบบคำร้องขอใช้บริการ Soft Token: public, no login.
    { path: '/service-request', component: lazy(() => import('./service-request/FormPage.tsx')) },
    { path: '/service-request/status', component: lazy(() => import('./service-request/LookupPage.tsx')) },
    { path: '/service-request/:tracking', component: lazy(() => import('./service-request/StatusPage.tsx')) },
    { path: '/service-request/:tracking/print', component: lazy(() => import('./service-request/PrintPage.tsx')) },
    { path: '/verify-email', component: lazy(() => import('./service-request/VerifyEmailPage.tsx')) },
    // นโยบายความเป็นส่วนตัว (PDPA): public, linked from every page's footer.
    { path: '/privacy', component: lazy(() => import('./privacy/PrivacyPage.tsx')) },
    // How to sign in with the phone's passkey from a computer (issue #15): public.
    { path: '/help/passkey', component: lazy(() => import('./help/PasskeyHelpPage.tsx')) },
    ...proofingPhoneRoutes,
    { path: '*', component: NotFound },
  ],
};
