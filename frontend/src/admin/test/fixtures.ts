import type {
  ApiKeyRowFragment,
  AuditEntryRowFragment,
  GroupRowFragment,
  PermissionCatalogQuery,
  UserRowFragment,
} from '../../gql/graphql';

type PermissionInfo = PermissionCatalogQuery['permissions'][number];

function info(name: string, description: string): PermissionInfo {
  return { __typename: 'PermissionInfo', name, area: name.slice(0, name.indexOf(':')), description };
}

/** catalog is a part of the server's permissions, in its order. */
export const catalog: PermissionInfo[] = [
  info('sources:read', 'See sources.'),
  info('sources:write', 'Create, change and delete sources.'),
  info('jobs:read', 'See jobs and their runs.'),
  info('jobs:write', 'Create, change and delete jobs.'),
  info('jobs:run', 'Start a job now.'),
  info('users:read', 'See users.'),
  info('users:write', 'Create, change and delete users.'),
  info('apikeys:read', 'See API keys.'),
  info('apikeys:write', 'Create and revoke API keys.'),
];

export const everyPermission = catalog.map((p) => p.name);

/** connection wraps nodes the way a Relay connection answers them. */
export function connection<T>(
  typename: string,
  list: T[],
  pageInfo?: { hasNextPage: boolean; endCursor: string | null },
) {
  return {
    __typename: `${typename}Connection`,
    totalCount: list.length,
    ...(pageInfo && { pageInfo: { __typename: 'PageInfo', ...pageInfo } }),
    edges: list.map((node) => ({ __typename: `${typename}Edge`, node })),
  };
}

export const admins = { __typename: 'Group', id: 'grp_admins', name: 'Admins' } as const;
export const operators = { __typename: 'Group', id: 'grp_operators', name: 'Operators' } as const;

export function user(overrides: Partial<UserRowFragment> & { username: string }): UserRowFragment {
  return {
    __typename: 'User',
    id: `usr_${overrides.username}`,
    displayName: null,
    email: null,
    disabled: false,
    totpEnabled: false,
    lastLoginAt: null,
    groups: [],
    ...overrides,
  };
}

export const alice = user({
  username: 'alice',
  displayName: 'Alice Admin',
  email: 'alice@example.com',
  totpEnabled: true,
  lastLoginAt: '2026-03-01T10:00:00Z',
  groups: [admins],
});
export const bob = user({ username: 'bob', displayName: 'Bob', disabled: true, groups: [operators] });

export function group(overrides: Partial<GroupRowFragment> & { name: string }): GroupRowFragment {
  return {
    __typename: 'Group',
    id: `grp_${overrides.name.toLowerCase()}`,
    description: null,
    permissions: [],
    builtin: false,
    users: [],
    ...overrides,
  };
}

export const adminsGroup = group({
  name: 'Admins',
  description: 'Everything',
  permissions: everyPermission,
  builtin: true,
  users: [{ __typename: 'User', id: alice.id, username: 'alice' }],
});
export const operatorsGroup = group({
  name: 'Operators',
  description: 'Runs the backups',
  permissions: ['jobs:read', 'jobs:run'],
  users: [{ __typename: 'User', id: bob.id, username: 'bob' }],
});

export function apiKey(overrides: Partial<ApiKeyRowFragment> & { name: string }): ApiKeyRowFragment {
  return {
    __typename: 'APIKey',
    id: `key_${overrides.name}`,
    prefix: 'dbk_ABCD',
    scopes: ['jobs:run'],
    createTime: '2026-01-01T00:00:00Z',
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

export function auditEntry(n: number, overrides: Partial<AuditEntryRowFragment> = {}): AuditEntryRowFragment {
  return {
    __typename: 'AuditEntry',
    id: `aud_${n}`,
    time: new Date(Date.UTC(2026, 2, 1, 12, 0, 0) - n * 60_000).toISOString(),
    actor: 'alice',
    action: 'user.update',
    entityType: 'User',
    entityID: 'usr_bob',
    fields: ['displayName', 'email'],
    ip: '192.0.2.7',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
    ...overrides,
  };
}
