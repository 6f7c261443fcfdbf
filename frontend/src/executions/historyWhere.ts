import type { ExecutionKind, ExecutionStatus, ExecutionWhereInput } from '../gql/graphql';

/** HistoryFilterValues are the history page's filters as chosen; empty ones do not filter. */
export interface HistoryFilterValues {
  status: ExecutionStatus | null;
  kind: ExecutionKind | null;
  /** jobName matches part of the job's name, in any case. */
  jobName: string;
}

export const noHistoryFilters: HistoryFilterValues = { status: null, kind: null, jobName: '' };

/** historyWhere is the ExecutionWhereInput for the filters; every set filter must match. */
export function historyWhere(filters: HistoryFilterValues): ExecutionWhereInput {
  const where: ExecutionWhereInput = {};
  if (filters.status) where.status = filters.status;
  if (filters.kind) where.kind = filters.kind;
  const jobName = filters.jobName.trim();
  if (jobName) where.jobNameContainsFold = jobName;
  return where;
}
