import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { DashboardPage } from './pages/DashboardPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SectionPage } from './pages/SectionPage';
import { VaultPage } from './pages/VaultPage';
import { type Section, sections } from './sections';

/** sectionPages are the sections with a page of their own; the others show their SectionPage. */
export const sectionPages: Readonly<Partial<Record<string, ComponentType<{ section: Section }>>>> = {
  '/vault': VaultPage,
};

/** routes are the SPA's pages, all inside the layout route. */
export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <DashboardPage /> },
      ...sections.map((section) => {
        const Page = sectionPages[section.path] ?? SectionPage;
        return { path: section.path, element: <Page section={section} /> };
      }),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
