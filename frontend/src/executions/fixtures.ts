import type { ExecutionDetailFragment } from '../gql/graphql';

type Target = ExecutionDetailFragment['targets'][number];
type Line = ExecutionDetailFragment['log'][number];

/** targetFixture is one destination of a run, with overrides. */
export function targetFixture(name: string, overrides: Partial<Target> = {}): Target {
  return {
    __typename: 'ExecutionTarget',
    destinationId: `dst_${name}`,
    name,
    status: 'PENDING',
    bytes: 0,
    objectKey: null,
    error: null,
    ...overrides,
  };
}

/** logLine is one line of a run's log, seconds after 10:00 UTC. */
export function logLine(seconds: number, message: string, level: Line['level'] = 'INFO'): Line {
  return { __typename: 'LogLine', time: new Date(Date.UTC(2026, 2, 1, 10, 0, seconds)).toISOString(), level, message };
}

/** executionFixture is a backup of the nightly job that is running, with overrides. */
export function executionFixture(overrides: Partial<ExecutionDetailFragment> = {}): ExecutionDetailFragment {
  return {
    __typename: 'Execution',
    id: 'exe_01J0000000000000000000001',
    updateTime: '2026-03-01T10:00:05Z',
    kind: 'backup',
    status: 'RUNNING',
    phase: 'dumping',
    trigger: 'manual',
    jobName: 'nightly',
    databases: ['shop', 'crm'],
    createTime: '2026-03-01T09:59:59Z',
    startedAt: '2026-03-01T10:00:00Z',
    finishedAt: null,
    durationSeconds: 5,
    dumpBytes: 0,
    size: 0,
    totalBytes: 0,
    progress: null,
    sha256: null,
    objectKey: null,
    error: null,
    errorCode: null,
    job: { __typename: 'Job', id: 'job_nightly' },
    source: { __typename: 'Source', id: 'src_main', name: 'main', engine: 'postgres' },
    restoredBackup: null,
    targets: [],
    log: [],
    ...overrides,
  };
}
