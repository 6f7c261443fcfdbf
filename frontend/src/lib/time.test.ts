import { describe, expect, it } from 'vitest';
import { formatAbsolute, formatRelative } from './time';

const now = new Date('2026-11-27T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('formatRelative', () => {
  it.each([
    { name: 'now', date: now, want: 'now' },
    { name: 'seconds', date: ago(42), want: '42 seconds ago' },
    { name: 'one minute', date: ago(60), want: '1 minute ago' },
    { name: 'minutes round down', date: ago(5 * 60 + 59), want: '5 minutes ago' },
    { name: 'hours', date: ago(3 * 3600), want: '3 hours ago' },
    { name: 'yesterday', date: ago(26 * 3600), want: 'yesterday' },
    { name: 'weeks', date: ago(15 * 24 * 3600), want: '2 weeks ago' },
    { name: 'future', date: ago(-120), want: 'in 2 minutes' },
  ])('$name', ({ date, want }) => {
    expect(formatRelative(date, now)).toBe(want);
  });
});

describe('formatAbsolute', () => {
  it('names the year, the time and the zone', () => {
    const text = formatAbsolute(now);
    expect(text).toMatch(/2026/);
    expect(text).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    expect(text).toMatch(/(UTC|GMT|[A-Z]{3,4})/);
  });
});
