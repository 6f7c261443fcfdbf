import type { ConfigImportPlanFieldsFragment, SystemTaskFieldsFragment } from '../../gql/graphql';

// The fixtures of the Config Backup and System Backup tests.

/** settingsWriter may see and change the settings, and list what a task picks from. */
export const settingsWriter = ['settings:read', 'settings:write', 'destinations:read', 'vault:read'];

export function planFixture(overrides: Partial<ConfigImportPlanFieldsFragment> = {}): ConfigImportPlanFieldsFragment {
  const change = (
    kind: string,
    name: string,
    action: ConfigImportPlanFieldsFragment['changes'][number]['action'],
    detail: string,
    newName: string | null = null,
  ) => ({
    __typename: 'ConfigChange' as const,
    kind,
    name,
    action,
    detail,
    newName,
  });
  return {
    __typename: 'ConfigImportPlan',
    applied: false,
    changes: [
      change('source', 'shop', 'CREATE', 'new'),
      change('destination', 'nas', 'UPDATE', 'settings differ'),
      change('encryptionProfile', 'offsite', 'UNCHANGED', ''),
      change('job', 'nightly', 'CREATE', 'name taken', 'nightly (imported)'),
      change('group', 'Operators', 'CONFLICT', 'permissions differ'),
    ],
    warnings: ['2 API keys are not imported: a key cannot move between instances.'],
    ...overrides,
  };
}

export function taskFixture(overrides: Partial<SystemTaskFieldsFragment> = {}): SystemTaskFieldsFragment {
  return {
    __typename: 'SystemTask',
    kind: 'CONFIG_BACKUP',
    enabled: true,
    schedule: '0 3 * * *',
    timezone: 'Europe/Berlin',
    destination: { __typename: 'Destination', id: 'dst_nas', name: 'nas' },
    encryptionProfile: { __typename: 'EncryptionProfile', id: 'prf_offsite', name: 'offsite' },
    keepLast: 14,
    nextRunAt: '2026-03-02T02:00:00Z',
    lastRun: null,
    restoreSteps: ['Open the destination’s backups.', 'Choose `Import configuration` on the newest one.'],
    ...overrides,
  };
}

export function runFixture(overrides: Partial<NonNullable<SystemTaskFieldsFragment['lastRun']>> = {}) {
  return {
    __typename: 'SystemTaskRun' as const,
    status: 'SUCCESS' as const,
    startedAt: '2026-03-01T10:00:00Z',
    finishedAt: '2026-03-01T10:00:02Z',
    error: null,
    objectKey: 'dbackup-config/2026-03-01T100000Z.json.enc',
    size: 4096,
    scheduled: false,
    ...overrides,
  };
}
