import type { SystemTaskFieldsFragment, SystemTaskInput } from '../../gql/graphql';
import { toCron } from '../../jobs/cron';
import { browserTimeZone, validateSchedule } from '../../jobs/jobForm';
import { taskSpec } from './TaskScheduleFields';

/** keepLastMax is the server's limit on how many of a task's backups it keeps. */
export const keepLastMax = 1000;

export interface SystemTaskFormValues {
  enabled: boolean;
  schedule: string;
  timezone: string;
  destinationId: string | null;
  encryptionProfileId: string | null;
  keepLast: number | string;
}

/** systemTaskFields are the form's fields by the names the server uses in extensions.field. */
export const systemTaskFields = [
  'enabled',
  'schedule',
  'timezone',
  'destinationId',
  'encryptionProfileId',
  'keepLast',
] as const;

/** initialTaskValues fills the form from the stored task; a task never saved starts daily at 03:00 here. */
export function initialTaskValues(task: SystemTaskFieldsFragment): SystemTaskFormValues {
  return {
    enabled: task.enabled,
    schedule: task.schedule || (toCron(taskSpec('')) ?? ''),
    timezone: task.timezone || browserTimeZone(),
    destinationId: task.destination?.id ?? null,
    encryptionProfileId: task.encryptionProfile?.id ?? null,
    keepLast: task.keepLast > 0 ? task.keepLast : 7,
  };
}

/** requiredWhenEnabled asks for a choice only while the task is enabled. */
function requiredWhenEnabled(message: string) {
  return (value: string | null, values: SystemTaskFormValues) => (values.enabled && !value ? message : null);
}

export const validateTask = {
  schedule: (value: string) => (value.trim() === '' ? 'Choose when the backup runs.' : validateSchedule(value)),
  destinationId: requiredWhenEnabled('Choose where the backup is stored.'),
  encryptionProfileId: requiredWhenEnabled('Choose an encryption profile: the backup holds credentials.'),
  keepLast: (value: number | string) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= keepLastMax
      ? null
      : `Use a whole number from 1 to ${keepLastMax}.`,
};

/** taskInput is what Save sends. */
export function taskInput(values: SystemTaskFormValues): SystemTaskInput {
  return {
    enabled: values.enabled,
    schedule: values.schedule.trim(),
    timezone: values.timezone,
    destinationId: values.destinationId || null,
    encryptionProfileId: values.encryptionProfileId || null,
    keepLast: Number(values.keepLast),
  };
}
