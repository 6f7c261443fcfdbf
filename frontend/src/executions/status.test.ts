import { describe, expect, it } from 'vitest';
import { cancelPermission, formatDuration, isActive } from './status';

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [0.42, '0.4 s'],
    [9.96, '10.0 s'],
    [42.4, '42 s'],
    [60, '1 min'],
    [185, '3 min 5 s'],
    [7440, '2 h 4 min'],
  ])('shows %s seconds as %s', (seconds, shown) => {
    expect(formatDuration(seconds)).toBe(shown);
  });
});

describe('run states', () => {
  it('treats only queued and running runs as active', () => {
    expect(isActive('QUEUED')).toBe(true);
    expect(isActive('RUNNING')).toBe(true);
    expect(isActive('PARTIAL')).toBe(false);
    expect(isActive('CANCELLED')).toBe(false);
  });

  it('needs jobs:run to cancel a backup and storage:restore to cancel a restore', () => {
    expect(cancelPermission('backup')).toBe('jobs:run');
    expect(cancelPermission('restore')).toBe('storage:restore');
  });
});
