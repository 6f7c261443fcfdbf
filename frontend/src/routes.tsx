import type { RouteObject } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { DashboardPage } from './pages/DashboardPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SectionPage } from './pages/SectionPage';
import { sections } from './sections';

/** routes are the SPA's pages, all inside the layout route. */
export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <DashboardPage /> },
      ...sections.map((section) => ({ path: section.path, element: <SectionPage section={section} /> })),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
