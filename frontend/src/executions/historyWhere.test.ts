import { describe, expect, it } from 'vitest';
import { historyWhere, noHistoryFilters } from './historyWhere';

describe('historyWhere', () => {
  it('filters nothing without filters', () => {
    expect(historyWhere(noHistoryFilters)).toEqual({});
  });

  it('matches status and kind exactly and part of the job name in any case', () => {
    expect(historyWhere({ status: 'FAILED', kind: 'backup', jobName: '  Night ' })).toEqual({
      status: 'FAILED',
      kind: 'backup',
      jobNameContainsFold: 'Night',
    });
  });
});
