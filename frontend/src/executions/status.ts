import type { ExecutionKind, ExecutionStatus, ExecutionTargetStatus, ExecutionTrigger } from '../gql/graphql';

/** statusColors give each run status the color of its badge. */
export const statusColors: Readonly<Record<ExecutionStatus, string>> = {
  QUEUED: 'gray',
  RUNNING: 'blue',
  SUCCESS: 'green',
  PARTIAL: 'orange',
  FAILED: 'red',
  CANCELLED: 'gray',
};

/** statusLabels name each run status for people. */
export const statusLabels: Readonly<Record<ExecutionStatus, string>> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  SUCCESS: 'Succeeded',
  PARTIAL: 'Partly failed',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

/** statuses are the run statuses in the order the history filter offers them. */
export const statuses = Object.keys(statusLabels) as ExecutionStatus[];

export const kindLabels: Readonly<Record<ExecutionKind, string>> = { backup: 'Backup', restore: 'Restore' };

export const triggerLabels: Readonly<Record<ExecutionTrigger, string>> = { manual: 'Manual', schedule: 'Schedule' };

export const targetStatusLabels: Readonly<Record<ExecutionTargetStatus, string>> = {
  PENDING: 'Waiting',
  RUNNING: 'Writing',
  DONE: 'Done',
  FAILED: 'Failed',
};

/** isActive tells whether a run may still change: it is queued or running. */
export function isActive(status: ExecutionStatus): boolean {
  return status === 'QUEUED' || status === 'RUNNING';
}

/** cancelPermission is what cancelling a run of kind needs. */
export function cancelPermission(kind: ExecutionKind): string {
  return kind === 'restore' ? 'storage:restore' : 'jobs:run';
}

/**
 * formatDuration shows seconds the way a run's length reads: "0.4 s", "42 s", "3 min 5 s",
 * "2 h 4 min".
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 10) return `${(Math.round(seconds * 10) / 10).toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return `${h} h ${m} min`;
  return s > 0 ? `${m} min ${s} s` : `${m} min`;
}

/** executionPath is the address of one run's live view. */
export function executionPath(id: string): string {
  return `/executions/${encodeURIComponent(id)}`;
}
