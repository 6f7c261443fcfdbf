/**
 * The schedule picker's model: simple modes that stand for a five-field cron expression
 * (minute hour day month weekday), and the way back from an expression to a mode. An expression
 * the modes cannot write exactly, such as a descriptor (@daily) or a step (*\/6), is Custom, so
 * editing a job never rewrites a schedule the user did not touch.
 */

export type ScheduleMode = 'manual' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'custom';

export interface ScheduleSpec {
  mode: ScheduleMode;
  /** minute of the hour, 0–59; every mode but manual and custom uses it. */
  minute: number;
  /** hour of the day, 0–23, for daily, weekly and monthly. */
  hour: number;
  /** weekdays for weekly, 0 (Sunday) to 6 (Saturday), ascending. */
  weekdays: number[];
  /** day of the month for monthly, 1–31; months without it are skipped. */
  day: number;
  /** custom is the raw expression of the custom mode. */
  custom: string;
}

export const scheduleModes: ReadonlyArray<{ value: ScheduleMode; label: string }> = [
  { value: 'manual', label: 'Manual only' },
  { value: 'hourly', label: 'Hourly' },
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Monthly' },
  { value: 'custom', label: 'Custom cron' },
];

/** weekdayNames are cron's weekdays by number, Sunday first as cron counts them. */
export const weekdayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** defaultSpec is where a new schedule starts: every day at 03:00, a quiet hour in most places. */
export const defaultSpec: ScheduleSpec = { mode: 'manual', minute: 0, hour: 3, weekdays: [1], day: 1, custom: '' };

/** formatWeekdays writes weekdays as cron does: runs of three or more as a range (1-5), others listed. */
export function formatWeekdays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    if (j - i >= 2) parts.push(`${sorted[i]}-${sorted[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * toCron is the expression a spec stands for: empty for manual, the trimmed text for custom.
 * It is null when the spec cannot be written, such as weekly without a weekday.
 */
export function toCron(spec: ScheduleSpec): string | null {
  const { minute, hour, day } = spec;
  switch (spec.mode) {
    case 'manual':
      return '';
    case 'custom':
      return spec.custom.trim().replace(/\s+/g, ' ');
    case 'hourly':
      return inRange(minute, 0, 59) ? `${minute} * * * *` : null;
    case 'daily':
      return inRange(minute, 0, 59) && inRange(hour, 0, 23) ? `${minute} ${hour} * * *` : null;
    case 'weekly':
      if (spec.weekdays.length === 0 || !spec.weekdays.every((d) => inRange(d, 0, 6))) return null;
      return inRange(minute, 0, 59) && inRange(hour, 0, 23) ? `${minute} ${hour} * * ${formatWeekdays(spec.weekdays)}` : null;
    case 'monthly':
      return inRange(minute, 0, 59) && inRange(hour, 0, 23) && inRange(day, 1, 31) ? `${minute} ${hour} ${day} * *` : null;
  }
}

function inRange(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}

/** number reads a plain decimal field within min–max, or null: "07" and "5-7" are not plain. */
function number(field: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(field)) return null;
  const n = Number(field);
  return String(n) === field && inRange(n, min, max) ? n : null;
}

/** weekdayList reads a weekday field of numbers and ranges within 0–6, or null. */
function weekdayList(field: string): number[] | null {
  const days: number[] = [];
  for (const part of field.split(',')) {
    const [from = '', to, ...rest] = part.split('-');
    if (rest.length > 0) return null;
    const a = number(from, 0, 6);
    const b = to === undefined ? a : number(to, 0, 6);
    if (a === null || b === null || b < a) return null;
    for (let d = a; d <= b; d++) days.push(d);
  }
  return days;
}

/**
 * parseCron finds the simple mode an expression stands for, falling back to custom. A simple mode
 * is chosen only when it writes the very same expression back, so the round trip is exact.
 */
export function parseCron(expression: string): ScheduleSpec {
  const text = expression.trim().replace(/\s+/g, ' ');
  if (text === '') return { ...defaultSpec, mode: 'manual' };
  const custom: ScheduleSpec = { ...defaultSpec, mode: 'custom', custom: text };
  const fields = text.split(' ');
  if (fields.length !== 5) return custom;
  const [m = '', h = '', dom = '', month = '', dow = ''] = fields;
  const minute = number(m, 0, 59);
  if (minute === null || month !== '*') return custom;
  let spec: ScheduleSpec | undefined;
  if (h === '*' && dom === '*' && dow === '*') spec = { ...defaultSpec, mode: 'hourly', minute, hour: 0 };
  const hour = number(h, 0, 23);
  if (hour !== null) {
    if (dom === '*' && dow === '*') spec = { ...defaultSpec, mode: 'daily', minute, hour };
    const day = number(dom, 1, 31);
    if (day !== null && dow === '*') spec = { ...defaultSpec, mode: 'monthly', minute, hour, day };
    const weekdays = dom === '*' ? weekdayList(dow) : null;
    if (weekdays && dow !== '*') spec = { ...defaultSpec, mode: 'weekly', minute, hour, weekdays };
  }
  return spec && toCron(spec) === text ? spec : custom;
}

/** switchMode changes the mode, carrying the custom text over from the expression it replaces. */
export function switchMode(spec: ScheduleSpec, mode: ScheduleMode): ScheduleSpec {
  if (mode === 'custom' && spec.mode !== 'custom') return { ...spec, mode, custom: toCron(spec) ?? '' };
  return { ...spec, mode };
}

/** describe says in words when a simple spec runs, in the job's zone; custom and manual say nothing. */
export function describe(spec: ScheduleSpec): string {
  const time = `${String(spec.hour).padStart(2, '0')}:${String(spec.minute).padStart(2, '0')}`;
  switch (spec.mode) {
    case 'hourly':
      return `every hour at minute ${spec.minute}`;
    case 'daily':
      return `every day at ${time}`;
    case 'weekly':
      return `every ${[...spec.weekdays].sort((a, b) => a - b).map((d) => weekdayNames[d]).join(', ')} at ${time}`;
    case 'monthly':
      return `on day ${spec.day} of every month at ${time}`;
    default:
      return '';
  }
}
