import type { ReactNode } from 'react';
import { PermissionDeniedPage } from '../pages/PermissionDeniedPage';
import { useViewer } from './viewer';

export interface RequirePermissionProps {
  /** permission is what the page needs, such as "sources:read"; none means any viewer may see it. */
  permission?: string;
  /** what names the page for the explanation, such as "Sources". */
  what: string;
  children: ReactNode;
}

/**
 * RequirePermission shows children only to a viewer who holds permission, and otherwise says
 * which permission is missing. The navigation already hides such pages; this covers a typed or
 * bookmarked address, where the page's queries would only answer FORBIDDEN.
 */
export function RequirePermission({ permission, what, children }: RequirePermissionProps) {
  const { can } = useViewer();
  if (permission && !can(permission)) return <PermissionDeniedPage permission={permission} what={what} />;
  return children;
}
