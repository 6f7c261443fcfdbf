import { Select, Switch } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import type { JobCatchUp } from '../gql/graphql';
import type { JobFormValues } from './jobForm';
import { SchedulePicker } from './SchedulePicker';

const catchUpOptions: ReadonlyArray<{ value: JobCatchUp; label: string }> = [
  { value: 'run_once', label: 'Run once' },
  { value: 'skip', label: 'Skip' },
];

/**
 * ScheduleFields edit when a job runs: the shared SchedulePicker, with all its modes including
 * Manual only, plus what only jobs have: what happens to runs missed while the server was down,
 * and whether the schedule runs at all.
 */
export function ScheduleFields({ form }: { form: UseFormReturnType<JobFormValues> }) {
  return (
    <SchedulePicker
      schedule={form.values.schedule}
      timezone={form.values.timezone}
      onScheduleChange={(schedule) => {
        form.setFieldValue('schedule', schedule);
        form.clearFieldError('schedule');
      }}
      onTimezoneChange={(zone) => form.setFieldValue('timezone', zone)}
      errors={{
        schedule: form.errors.schedule as string | undefined,
        timezone: form.errors.timezone as string | undefined,
      }}
      description="When the job runs on its own; it can always be started by hand."
      showExamples
      besideZone={
        <Select
          label="Catch up after downtime"
          description="A run missed while the server was down: run it once at start, or skip to the next regular time."
          data={catchUpOptions}
          allowDeselect={false}
          {...form.getInputProps('catchUp')}
          onChange={(v) => v && form.setFieldValue('catchUp', v as JobCatchUp)}
        />
      }
      footer={
        <Switch
          label="Enabled"
          description="Off pauses the schedule; the job can still be started by hand."
          {...form.getInputProps('enabled', { type: 'checkbox' })}
        />
      }
    />
  );
}
