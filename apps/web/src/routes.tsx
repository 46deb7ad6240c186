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
  {
    path: '/doctor',
    page: lazy(() => import('./pages/doctor/DoctorDayPage.js')),
    roles: ['doctor'],
    nav: 'doctor.nav',
  },
  {
    path: '/doctor/patients/:patientId',
    page: lazy(() => import('./pages/doctor/PatientRecordPage.js')),
    roles: ['doctor'],
  },
  {
    path: '/doctor/visits/:bookingId',
    page: lazy(() => import('./pages/doctor/VisitPage.js')),
    roles: ['doctor'],
  },
  {
    path: '/desk',
    page: lazy(() => import('./pages/desk/DeskDayPage.js')),
    roles: ['staff'],
    nav: 'desk.nav.day',
  },
  {
    path: '/desk/patients',
    page: lazy(() => import('./pages/desk/DeskPatientsPage.js')),
    roles: ['staff'],
    nav: 'desk.nav.patients',
  },
  {
    path: '/desk/schedules',
    page: lazy(() => import('./pages/desk/DeskSchedulesPage.js')),
    roles: ['staff'],
    nav: 'desk.nav.schedules',
  },
  {
    path: '/desk/results',
    page: lazy(() => import('./pages/desk/DeskResultsPage.js')),
    roles: ['staff'],
    nav: 'desk.nav.results',
  },
  { path: '/register', page: lazy(() => import('./pages/account/RegisterPage.js')) },
  { path: '/forgot-password', page: lazy(() => import('./pages/account/ForgotPasswordPage.js')) },
  { path: '/reset-password', page: lazy(() => import('./pages/account/ResetPasswordPage.js')) },
  {
    path: '/password-changed',
    page: lazy(() => import('./pages/account/PasswordChangedPage.js')),
  },
  {
    path: '/my-bookings',
    page: lazy(() => import('./pages/my-bookings/MyBookingsPage.js')),
    roles: ['patient'],
    nav: 'my-bookings.nav',
  },
  {
    path: '/my-record',
    page: lazy(() => import('./pages/my-record/MyRecordPage.js')),
    roles: ['patient'],
    nav: 'my-record.nav',
  },
  {
    path: '/profile',
    page: lazy(() => import('./pages/account/ProfilePage.js')),
    roles: ['patient'],
    nav: 'account.profile.nav',
  },
  {
    path: '/admin',
    page: lazy(() => import('./pages/admin/SpecialtiesPage.js')),
    roles: ['admin'],
    nav: 'admin.nav.directory',
  },
  {
    path: '/admin/locations',
    page: lazy(() => import('./pages/admin/LocationsPage.js')),
    roles: ['admin'],
  },
  {
    path: '/admin/locations/:id',
    page: lazy(() => import('./pages/admin/LocationPage.js')),
    roles: ['admin'],
  },
  {
    path: '/admin/doctors',
    page: lazy(() => import('./pages/admin/DoctorsPage.js')),
    roles: ['admin'],
  },
  {
    path: '/admin/doctors/:id',
    page: lazy(() => import('./pages/admin/DoctorPage.js')),
    roles: ['admin'],
  },
  {
    path: '/admin/diagnostics',
    page: lazy(() => import('./pages/admin/DiagnosticsPage.js')),
    roles: ['admin'],
  },
  {
    path: '/admin/accounts',
    page: lazy(() => import('./pages/admin/AccountsPage.js')),
    roles: ['admin'],
    nav: 'admin.nav.accounts',
  },
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
