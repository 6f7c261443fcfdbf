import type { RouteObject } from 'react-router';
import { RequirePermission } from '../auth/RequirePermission';
import { ExecutionPage } from './ExecutionPage';

/** executionRoutes are the pages of one run, inside the History section. */
export const executionRoutes: RouteObject[] = [
  {
    path: '/executions/:id',
    element: (
      <RequirePermission permission="history:read" what="this run">
        <ExecutionPage />
      </RequirePermission>
    ),
  },
];
