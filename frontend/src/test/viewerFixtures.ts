import type { SessionFieldsFragment, ViewerFieldsFragment } from '../gql/graphql';

/** adminPermissions are all the permissions the server knows, as the Admins group holds them. */
export const adminPermissions = [
  'sources:read',
  'sources:write',
  'destinations:read',
  'destinations:write',
  'jobs:read',
  'jobs:write',
  'jobs:run',
  'history:read',
  'storage:read',
  'storage:download',
  'storage:delete',
  'storage:restore',
  'vault:read',
  'vault:write',
  'vault:reveal',
  'notifications:read',
  'notifications:write',
  'users:read',
  'users:write',
  'groups:read',
  'groups:write',
  'sso:read',
  'sso:write',
  'apikeys:read',
  'apikeys:write',
  'settings:read',
  'settings:write',
  'audit:read',
];

/** viewerFixture is an administrator signed in with a browser session, with overrides. */
export function viewerFixture(overrides: Partial<ViewerFieldsFragment> = {}) {
  return {
    __typename: 'Viewer',
    id: 'usr_01J0000000000000000000001',
    username: 'admin',
    displayName: 'Ada Admin',
    permissions: adminPermissions,
    groups: ['Admins'],
    totpEnabled: false,
    recoveryCodesLeft: 0,
    viaApiKey: false,
    ...overrides,
  } satisfies ViewerFieldsFragment;
}

/** sessionFixture is a browser session that signed in hoursAgo hours before now, with overrides. */
export function sessionFixture(overrides: Partial<SessionFieldsFragment> = {}, hoursAgo = 2) {
  const now = Date.now();
  return {
    __typename: 'Session',
    id: 'ses_01J0000000000000000000001',
    createTime: new Date(now - hoursAgo * 3_600_000).toISOString(),
    lastSeenAt: new Date(now - 60_000).toISOString(),
    // An hour past six days, so that it reads "in 6 days" however long the test takes.
    expiresAt: new Date(now + (6 * 24 + 1) * 3_600_000).toISOString(),
    ip: '192.0.2.10',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
    current: false,
    ...overrides,
  } satisfies SessionFieldsFragment;
}
