/**
 * runTimes formats when a schedule fires: in the job's zone, which the schedule is written in,
 * and in the viewer's, which is when it happens for them.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

/** formatFor caches one formatter per zone; an unknown zone falls back to UTC. */
function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        weekday: 'short',
        day: '2-digit',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      return formatFor('UTC');
    }
    formats.set(zone, format);
  }
  return format;
}

/** formatRunTime is an instant as "Tue 08 Dec 03:00" in zone. */
export function formatRunTime(value: string | Date, zone: string): string {
  const parts = formatFor(zone).formatToParts(typeof value === 'string' ? new Date(value) : value);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('hour')}:${part('minute')}`;
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** formatUntil says how far ahead an instant is, briefly: "in 12 min", "in 3 h", "in 2 d"; "now" when due. */
export function formatUntil(value: string | Date, now: Date): string {
  const ms = (typeof value === 'string' ? Date.parse(value) : value.getTime()) - now.getTime();
  if (ms < minute) return 'now';
  if (ms < hour) return `in ${Math.round(ms / minute)} min`;
  if (ms < 2 * day) return `in ${Math.round(ms / hour)} h`;
  return `in ${Math.round(ms / day)} d`;
}
