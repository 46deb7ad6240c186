// Every page of the app: its path, who may open it, and its place in the navigation. Pages load
// on demand (one chunk each), so the first page a patient opens carries only its own code.
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { Role } from './auth/session.js';

export interface PageRoute {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  /** Who may open it; absent: everyone, signed in or not. */
  roles?: readonly Role[];
  /** A navigation entry (catalog key), shown to the roles above. */
  nav?: string;
}

export const routes: PageRoute[] = [
  { path: '/', page: lazy(() => import('./pages/home/HomePage.js')) },
  { path: '/sign-in', page: lazy(() => import('./pages/auth/SignInPage.js')) },
  { path: '/find', page: lazy(() => import('./pages/find/FindPage.js')), nav: 'find.nav' },
  {
    path: '/diagnostics',
    page: lazy(() => import('./pages/find/DiagnosticsPage.js')),
    nav: 'find.navDiagnostics',
  },
  { path: '/earliest', page: lazy(() => import('./pages/find/EarliestPage.js')) },
  { path: '/doctors/:id', page: lazy(() => import('./pages/care-profile/DoctorPage.js')) },
  {
    path: '/diagnostic-locations/:id',
    page: lazy(() => import('./pages/care-profile/DiagnosticLocationPage.js')),
  },
  {
    path: '/reschedule/:bookingId',
    page: lazy(() => import('./pages/reschedule/ReschedulePage.js')),
    roles: ['patient', 'staff'],
  },
];

/** Where each role lands after signing in. */
export const ROLE_HOME: Record<Role, string> = {
  patient: '/my-bookings',
  staff: '/desk',
  doctor: '/doctor',
  admin: '/admin',
};
