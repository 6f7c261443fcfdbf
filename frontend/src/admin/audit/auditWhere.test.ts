import { describe, expect, it } from 'vitest';
import { auditWhere, instant, noAuditFilters, validateRange } from './auditWhere';

describe('auditWhere', () => {
  it('filters by nothing when no filter is set', () => {
    expect(auditWhere(noAuditFilters)).toEqual({});
    expect(auditWhere({ ...noAuditFilters, actor: '  ', entityID: ' ' })).toEqual({});
  });

  it('maps each filter to its AuditEntryWhereInput field', () => {
    const where = auditWhere({
      actor: ' alice ',
      action: 'source.',
      entityType: 'Source',
      entityID: 'src_01',
      from: '2026-03-01 00:00:00',
      to: '2026-03-31 23:59:00',
    });
    expect(where).toEqual({
      actorContainsFold: 'alice',
      actionHasPrefix: 'source.',
      entityTypeEqualFold: 'Source',
      entityID: 'src_01',
      timeGTE: new Date(2026, 2, 1, 0, 0, 0).toISOString(),
      timeLTE: new Date(2026, 2, 31, 23, 59, 0).toISOString(),
    });
  });

  it('reads the picked time in the local time zone', () => {
    expect(instant('2026-07-04 12:30:00')).toBe(new Date(2026, 6, 4, 12, 30).toISOString());
  });

  it('refuses a range that ends before it starts', () => {
    const values = { ...noAuditFilters, from: '2026-03-02 00:00:00' };
    expect(validateRange('2026-03-01 00:00:00', values)).toBe('The end is before the start');
    expect(validateRange('2026-03-02 00:00:00', values)).toBeNull();
    expect(validateRange(null, values)).toBeNull();
  });
});
