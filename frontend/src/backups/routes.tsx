import type { RouteObject } from 'react-router';
import { RequirePermission } from '../auth/RequirePermission';
import { BackupsPage } from './BackupsPage';

/** backupsPath is the address of the backups stored on one destination. */
export function backupsPath(destinationId: string): string {
  return `/destinations/${encodeURIComponent(destinationId)}/backups`;
}

/** backupRoutes are the pages of stored backups, inside the Destinations section. */
export const backupRoutes: RouteObject[] = [
  {
    path: '/destinations/:id/backups',
    element: (
      <RequirePermission permission="storage:read" what="Backups">
        <BackupsPage />
      </RequirePermission>
    ),
  },
];
