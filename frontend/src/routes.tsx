import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { adminRoutes, adminSectionPages } from './admin/routes';
import { AuthGate } from './auth/AuthGate';
import { backupRoutes } from './backups/routes';
import { RequirePermission } from './auth/RequirePermission';
import { loginRoute, setupRoute } from './auth/returnPath';
import { AppLayout } from './components/AppLayout';
import { DestinationsPage } from './destinations/DestinationsPage';
import { HistoryPage } from './executions/HistoryPage';
import { executionRoutes } from './executions/routes';
import { JobsPage } from './jobs/JobsPage';
import { profilePath } from './components/UserMenu';
import { DashboardPage } from './pages/DashboardPage';
import { LoginPage } from './pages/LoginPage';
import { NotificationsPage } from './notifications/NotificationsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProfilePage } from './pages/ProfilePage';
import { SectionPage } from './pages/SectionPage';
import { SetupPage } from './pages/SetupPage';
import { SettingsPage } from './settings/SettingsPage';
import { VaultPage } from './pages/VaultPage';
import { type Section, sections } from './sections';
import { SourcesPage } from './sources/SourcesPage';

/** sectionPages are the sections with a page of their own; the others show their SectionPage. */
export const sectionPages: Readonly<Partial<Record<string, ComponentType<{ section: Section }>>>> = {
  '/sources': SourcesPage,
  '/destinations': DestinationsPage,
  '/jobs': JobsPage,
  '/executions': HistoryPage,
  '/vault': VaultPage,
  '/notifications': NotificationsPage,
  '/settings': SettingsPage,
  ...adminSectionPages,
};

/**
 * routes are the SPA's pages: setup and sign-in on their own, everything else behind the
 * sign-in gate and inside the layout route. A section's page shows only to a viewer with the
 * section's permission.
 */
export const routes: RouteObject[] = [
  { path: setupRoute, element: <SetupPage /> },
  { path: loginRoute, element: <LoginPage /> },
  {
    element: <AuthGate />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <DashboardPage /> },
          ...sections.map((section) => {
            const Page = sectionPages[section.path] ?? SectionPage;
            const element = (
              <RequirePermission permission={section.permission} what={section.label}>
                <Page section={section} />
              </RequirePermission>
            );
            return { path: section.path, element };
          }),
          ...adminRoutes,
          ...executionRoutes,
          ...backupRoutes,
          { path: profilePath, element: <ProfilePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
