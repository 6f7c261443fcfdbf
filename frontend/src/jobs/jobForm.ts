import type {
  JobCatchUp,
  JobCompression,
  JobInput,
  JobRowFragment,
  JobTargetInput,
  RetentionInput,
  UpdateJobInput,
} from '../gql/graphql';

/** retentionRules are the rules of a destination's retention, in the order the form shows them. */
export const retentionRules = [
  { key: 'keepLast', label: 'Keep last', help: 'The newest N backups' },
  { key: 'keepDays', label: 'Within days', help: 'Every backup of the last N days' },
  { key: 'keepDaily', label: 'Daily', help: 'Newest of each of the last N days' },
  { key: 'keepWeekly', label: 'Weekly', help: 'Newest of each of the last N weeks' },
  { key: 'keepMonthly', label: 'Monthly', help: 'Newest of each of the last N months' },
  { key: 'keepYearly', label: 'Yearly', help: 'Newest of each of the last N years' },
] as const;

export type RetentionKey = (typeof retentionRules)[number]['key'];

/** TargetValues is one destination of the form with its retention; an empty rule is unset. */
export type TargetValues = { destinationId: string } & Record<RetentionKey, number | ''>;

export interface JobFormValues {
  name: string;
  sourceId: string | null;
  databases: string[];
  targets: TargetValues[];
  compression: JobCompression;
  encryptionProfileId: string | null;
  schedule: string;
  timezone: string;
  enabled: boolean;
  /** catchUp says what happens to runs missed while the server was down. */
  catchUp: JobCatchUp;
  /** nameTemplate names the stored objects; empty uses the server's default. */
  nameTemplate: string;
  /** notifySuccessIds are the channels told about a run that stored every backup. */
  notifySuccessIds: string[];
  /** notifyPartialIds are the channels told about a run where some destinations failed. */
  notifyPartialIds: string[];
  /** notifyFailureIds are the channels told about a run that stored nothing. */
  notifyFailureIds: string[];
}

/** NotifyKey is a form value that lists the channels told about one outcome of a run. */
export type NotifyKey = 'notifySuccessIds' | 'notifyPartialIds' | 'notifyFailureIds';

/** notifyOutcomes are the outcomes of a run a job can notify about, in the order the form shows them. */
export const notifyOutcomes: ReadonlyArray<{ key: NotifyKey; label: string }> = [
  { key: 'notifySuccessIds', label: 'On success' },
  { key: 'notifyPartialIds', label: 'On partial success (some destinations failed)' },
  { key: 'notifyFailureIds', label: 'On failure' },
];

/** jobFormFields are the inputs by the names the server uses in extensions.field. */
export const jobFormFields = [
  'name',
  'sourceId',
  'databases',
  'targets',
  'compression',
  'encryptionProfileId',
  'schedule',
  'timezone',
  'enabled',
  'catchUp',
  'nameTemplate',
  'notifySuccessIds',
  'notifyPartialIds',
  'notifyFailureIds',
] as const;

/** defaultNameTemplate is how the server names objects when a job sets no template. */
export const defaultNameTemplate = '{job}/{job}_{database}_{date}_{time}';

/** nameTemplateTokens are the tokens a naming template may use. */
export const nameTemplateTokens = [
  '{job}',
  '{database}',
  '{date}',
  '{time}',
  '{datetime}',
  '{timestamp}',
  '{year}',
  '{month}',
  '{day}',
  '{id}',
] as const;

export const compressions: ReadonlyArray<{ value: JobCompression; label: string }> = [
  { value: 'zstd', label: 'Zstandard (recommended)' },
  { value: 'gzip', label: 'gzip' },
  { value: 'brotli', label: 'Brotli' },
  { value: 'none', label: 'None' },
];

/** browserTimeZone is the zone a new job's schedule starts in: the one the user lives in. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function targetValues(target: JobRowFragment['targets'][number]): TargetValues {
  const values = newTarget(target.destination.id);
  for (const { key } of retentionRules) values[key] = target.retention[key] ?? '';
  return values;
}

export function newTarget(destinationId: string): TargetValues {
  return {
    destinationId,
    keepLast: '',
    keepDays: '',
    keepDaily: '',
    keepWeekly: '',
    keepMonthly: '',
    keepYearly: '',
  };
}

export function initialJobValues(job?: JobRowFragment, timezone = browserTimeZone()): JobFormValues {
  return {
    name: job?.name ?? '',
    sourceId: job?.source.id ?? null,
    databases: [...(job?.databases ?? [])],
    targets: [...(job?.targets ?? [])].sort((a, b) => a.position - b.position).map(targetValues),
    compression: job?.compression ?? 'zstd',
    encryptionProfileId: job?.encryptionProfile?.id ?? null,
    schedule: job?.schedule ?? '',
    timezone: job?.timezone ?? timezone,
    enabled: job?.enabled ?? true,
    catchUp: job?.catchUp ?? 'run_once',
    nameTemplate: job?.nameTemplate ?? '',
    notifySuccessIds: ids(job?.notifySuccess),
    notifyPartialIds: ids(job?.notifyPartial),
    notifyFailureIds: ids(job?.notifyFailure),
  };
}

function ids(channels: ReadonlyArray<{ id: string }> | null | undefined): string[] {
  return (channels ?? []).map((c) => c.id);
}

export function validateJobName(value: string): string | null {
  return value.trim() === '' ? 'Enter a name' : null;
}

export function validateSource(value: string | null): string | null {
  return value ? null : 'Choose the source to back up';
}

export function validateTargets(value: TargetValues[]): string | null {
  return value.length > 0 ? null : 'Add at least one destination';
}

/**
 * validateSchedule catches what is plainly not a cron expression: five fields (minute hour day
 * month weekday) or a descriptor such as @daily. The server parses it and says what is wrong.
 */
export function validateSchedule(value: string): string | null {
  const text = value.trim();
  if (text === '' || text.startsWith('@')) return null;
  return text.split(/\s+/).length === 5 ? null : 'Write five fields: minute hour day month weekday';
}

function retentionInput(target: TargetValues): RetentionInput | undefined {
  const input: RetentionInput = {};
  for (const { key } of retentionRules) {
    if (target[key] !== '') input[key] = Number(target[key]);
  }
  return Object.keys(input).length > 0 ? input : undefined;
}

/** targetsInput lists the destinations in the form's order, each with the retention rules set. */
export function targetsInput(targets: readonly TargetValues[]): JobTargetInput[] {
  return targets.map((t) => {
    const retention = retentionInput(t);
    return retention ? { destinationId: t.destinationId, retention } : { destinationId: t.destinationId };
  });
}

/** createJobInput is what createJob needs; empty optional fields are left to the server's defaults. */
export function createJobInput(values: JobFormValues): JobInput {
  const input: JobInput = {
    name: values.name.trim(),
    sourceId: values.sourceId ?? '',
    targets: targetsInput(values.targets),
    compression: values.compression,
    timezone: values.timezone,
    enabled: values.enabled,
    catchUp: values.catchUp,
  };
  if (values.databases.length > 0) input.databases = values.databases;
  if (values.encryptionProfileId) input.encryptionProfileId = values.encryptionProfileId;
  if (values.schedule.trim()) input.schedule = values.schedule.trim();
  if (values.nameTemplate.trim()) input.nameTemplate = values.nameTemplate.trim();
  for (const { key } of notifyOutcomes) if (values[key].length > 0) input[key] = values[key];
  return input;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** sameSet says whether two lists of ids hold the same ids, in any order. */
const sameSet = (a: readonly string[], b: readonly string[]) => same([...a].sort(), [...b].sort());

/**
 * updateJobInput holds only what changed, since updateJob keeps omitted fields. Targets go as a
 * whole list, which replaces the stored one; a removed encryption profile is cleared explicitly
 * and an emptied schedule is sent as "", which removes it; an emptied naming template is sent as
 * "" too, which restores the default. Each list of channels to notify goes whole when its set of
 * channels changed, since it replaces the stored one; an emptied list is sent empty.
 */
export function updateJobInput(values: JobFormValues, initial: JobFormValues): UpdateJobInput {
  const input: UpdateJobInput = {};
  if (values.name.trim() !== initial.name) input.name = values.name.trim();
  if (values.sourceId && values.sourceId !== initial.sourceId) input.sourceId = values.sourceId;
  if (!same(values.databases, initial.databases)) input.databases = values.databases;
  if (!same(targetsInput(values.targets), targetsInput(initial.targets))) input.targets = targetsInput(values.targets);
  if (values.compression !== initial.compression) input.compression = values.compression;
  if (values.encryptionProfileId !== initial.encryptionProfileId) {
    if (values.encryptionProfileId) input.encryptionProfileId = values.encryptionProfileId;
    else input.clearEncryptionProfile = true;
  }
  if (values.schedule.trim() !== initial.schedule) input.schedule = values.schedule.trim();
  if (values.timezone !== initial.timezone) input.timezone = values.timezone;
  if (values.enabled !== initial.enabled) input.enabled = values.enabled;
  if (values.catchUp !== initial.catchUp) input.catchUp = values.catchUp;
  if (values.nameTemplate.trim() !== initial.nameTemplate) input.nameTemplate = values.nameTemplate.trim();
  for (const { key } of notifyOutcomes) if (!sameSet(values[key], initial[key])) input[key] = values[key];
  return input;
}
