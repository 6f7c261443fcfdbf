/** units lists the steps of a relative time, each with how many seconds one of it lasts. */
const units: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const absoluteFormat = new Intl.DateTimeFormat('en', {
  dateStyle: 'medium',
  timeStyle: 'long',
});

/** formatRelative says how long ago (or from now) date is, in the largest whole unit: "5 minutes ago". */
export function formatRelative(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relativeFormat.format(Math.trunc(seconds / size), unit);
    }
  }
  return relativeFormat.format(0, 'second');
}

/** formatAbsolute is the date and time in the browser's time zone, with the zone named. */
export function formatAbsolute(date: Date): string {
  return absoluteFormat.format(date);
}
