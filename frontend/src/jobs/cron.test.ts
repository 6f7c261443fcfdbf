import { describe, expect, it } from 'vitest';
import { defaultSpec, describe as describeSpec, formatWeekdays, parseCron, type ScheduleSpec, switchMode, toCron } from './cron';

const spec = (overrides: Partial<ScheduleSpec>): ScheduleSpec => ({ ...defaultSpec, ...overrides });

describe('toCron and parseCron', () => {
  const roundTrips: Array<{ name: string; spec: ScheduleSpec; cron: string }> = [
    { name: 'manual', spec: spec({ mode: 'manual' }), cron: '' },
    { name: 'hourly at minute 0', spec: spec({ mode: 'hourly', minute: 0, hour: 0 }), cron: '0 * * * *' },
    { name: 'hourly at minute 45', spec: spec({ mode: 'hourly', minute: 45, hour: 0 }), cron: '45 * * * *' },
    { name: 'daily at 03:00', spec: spec({ mode: 'daily', hour: 3, minute: 0 }), cron: '0 3 * * *' },
    { name: 'daily at midnight', spec: spec({ mode: 'daily', hour: 0, minute: 0 }), cron: '0 0 * * *' },
    { name: 'daily at 23:59', spec: spec({ mode: 'daily', hour: 23, minute: 59 }), cron: '59 23 * * *' },
    { name: 'weekly on Sunday', spec: spec({ mode: 'weekly', hour: 2, minute: 30, weekdays: [0] }), cron: '30 2 * * 0' },
    {
      name: 'weekly on a list of weekdays',
      spec: spec({ mode: 'weekly', hour: 4, minute: 5, weekdays: [1, 3, 5] }),
      cron: '5 4 * * 1,3,5',
    },
    {
      name: 'weekly on working days as a range',
      spec: spec({ mode: 'weekly', hour: 1, minute: 0, weekdays: [1, 2, 3, 4, 5] }),
      cron: '0 1 * * 1-5',
    },
    {
      name: 'weekly on the weekend',
      spec: spec({ mode: 'weekly', hour: 6, minute: 0, weekdays: [0, 6] }),
      cron: '0 6 * * 0,6',
    },
    {
      name: 'weekly on a range and a single day',
      spec: spec({ mode: 'weekly', hour: 6, minute: 0, weekdays: [0, 2, 3, 4] }),
      cron: '0 6 * * 0,2-4',
    },
    { name: 'monthly on the 1st', spec: spec({ mode: 'monthly', day: 1, hour: 1, minute: 0 }), cron: '0 1 1 * *' },
    { name: 'monthly on the 31st', spec: spec({ mode: 'monthly', day: 31, hour: 22, minute: 15 }), cron: '15 22 31 * *' },
  ];
  for (const { name, spec: s, cron } of roundTrips) {
    it(`writes and reads back ${name}`, () => {
      expect(toCron(s)).toBe(cron);
      expect(parseCron(cron)).toEqual(s);
      expect(toCron(parseCron(cron))).toBe(cron);
    });
  }

  it('reads weekday lists in any order and with ranges, writing them canonically', () => {
    expect(parseCron('0 3 * * 1,2,3,4,5')).toMatchObject({ mode: 'custom' });
    expect(parseCron('0 3 * * 1-5')).toMatchObject({ mode: 'weekly', weekdays: [1, 2, 3, 4, 5] });
    expect(parseCron('0 3 * * 1,2')).toMatchObject({ mode: 'weekly', weekdays: [1, 2] });
    expect(formatWeekdays([5, 1, 3, 3])).toBe('1,3,5');
    expect(formatWeekdays([6, 5, 4, 0])).toBe('0,4-6');
  });

  it('keeps what the simple modes cannot write exactly as custom', () => {
    for (const cron of [
      '@daily',
      '@every 6h',
      '0 */6 * * *',
      '00 3 * * *',
      '0 3 * * 7',
      '0 3 * * 5-1',
      '0 3 1 1 *',
      '0 3 1 * 1',
      '0 3 * * MON',
      '60 3 * * *',
      '0 24 * * *',
      '0 3 32 * *',
      '0 3 0 * *',
      '0 3 * *',
      '0 3 * * * *',
      'not cron',
    ]) {
      expect(parseCron(cron), cron).toEqual(spec({ mode: 'custom', custom: cron }));
      expect(toCron(parseCron(cron))).toBe(cron);
    }
  });

  it('normalizes whitespace and reads an empty schedule as manual', () => {
    expect(parseCron('  0   3 * *  * ')).toMatchObject({ mode: 'daily', hour: 3, minute: 0 });
    expect(parseCron('   ').mode).toBe('manual');
    expect(toCron(spec({ mode: 'custom', custom: ' @every  6h ' }))).toBe('@every 6h');
  });

  it('writes nothing for a spec out of range or a week without days', () => {
    expect(toCron(spec({ mode: 'hourly', minute: 60 }))).toBeNull();
    expect(toCron(spec({ mode: 'daily', hour: 24 }))).toBeNull();
    expect(toCron(spec({ mode: 'daily', minute: 1.5 }))).toBeNull();
    expect(toCron(spec({ mode: 'weekly', weekdays: [] }))).toBeNull();
    expect(toCron(spec({ mode: 'weekly', weekdays: [7] }))).toBeNull();
    expect(toCron(spec({ mode: 'monthly', day: 0 }))).toBeNull();
  });

  it('carries the expression over when switching to custom, and describes simple modes', () => {
    const weekly = spec({ mode: 'weekly', hour: 2, minute: 30, weekdays: [1, 5] });
    expect(switchMode(weekly, 'custom')).toMatchObject({ mode: 'custom', custom: '30 2 * * 1,5' });
    expect(switchMode(weekly, 'daily')).toMatchObject({ mode: 'daily', hour: 2, minute: 30 });
    expect(describeSpec(weekly)).toBe('every Mon, Fri at 02:30');
    expect(describeSpec(spec({ mode: 'monthly', day: 15, hour: 0, minute: 5 }))).toBe(
      'on day 15 of every month at 00:05',
    );
    expect(describeSpec(spec({ mode: 'hourly', minute: 0 }))).toBe('every hour at minute 0');
  });
});
