import { connection } from '../admin/test/fixtures';
import type { BackupRowFragment } from '../gql/graphql';

// The fixtures of the backups pages' tests: a destination nas with one encrypted MySQL backup.

export const restorer = ['destinations:read', 'storage:read', 'storage:restore', 'sources:read', 'history:read'];

export function backupFixture(overrides: Partial<BackupRowFragment> = {}): BackupRowFragment {
  return {
    __typename: 'Backup',
    id: 'bak_01',
    objectKey: 'nightly/2026-03-01T100000Z.dump.zst',
    createdAt: '2026-03-01T10:00:12Z',
    jobName: 'nightly',
    engine: 'mysql',
    serverVersion: '8.4.3',
    databases: ['shop', 'crm'],
    compression: 'zstd',
    encrypted: true,
    keyID: 'ee5133d4b9df3c93',
    profileName: 'main',
    sizeBytes: 3 * 1024 * 1024,
    sha256: '0123456789abcdef'.repeat(4),
    locked: false,
    verifiedAt: null,
    verifyOk: null,
    verifyError: null,
    ...overrides,
  };
}

export const source = (id: string, name: string, engine: string) => ({
  __typename: 'Source',
  id,
  name,
  engine,
  host: 'db.internal',
  port: 3306,
  database: null,
});

export function listing(
  backups: BackupRowFragment[],
  unknownObjects: Array<{ key: string; sizeBytes: number; modifiedAt: string }> = [],
  invalidSidecars: Array<{ key: string; reason: string }> = [],
) {
  return {
    destinationListing: {
      __typename: 'DestinationListing',
      backups,
      unknownObjects: unknownObjects.map((o) => ({ __typename: 'StoredObject', ...o })),
      invalidSidecars: invalidSidecars.map((s) => ({ __typename: 'InvalidSidecar', ...s })),
    },
  };
}

export const handlers = {
  BackupDestination: {
    destinations: connection('Destination', [{ __typename: 'Destination', id: 'dst_nas', name: 'nas', kind: 'sftp' }]),
  },
  DestinationListing: listing([backupFixture()]),
  RestoreTargets: {
    sources: connection('Source', [
      source('src_pg', 'warehouse', 'postgres'),
      source('src_maria', 'staging', 'mariadb'),
      source('src_mysql', 'shop db', 'mysql'),
    ]),
  },
};
