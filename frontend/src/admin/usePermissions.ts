import { useViewer } from '../auth/viewer';

export interface Permissions {
  /** viewerId is the signed-in user's id. */
  viewerId: string;
  /** permissions are what the viewer holds, such as users:write. */
  permissions: readonly string[];
  /** can tells whether the viewer holds permission. */
  can(permission: string): boolean;
}

/**
 * usePermissions gives the administration pages the viewer's id and permissions, so they can
 * hide what the viewer may not do. It only shapes the UI: the server checks every operation
 * again. It reads the sign-in gate's viewer, so it works only on pages inside the gate.
 */
export function usePermissions(): Permissions {
  const { viewer, can } = useViewer();
  return { viewerId: viewer.id, permissions: viewer.permissions, can };
}
