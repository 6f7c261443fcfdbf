import { usePermissions } from '../../admin/usePermissions';
import { defaultSpec, parseCron, type ScheduleSpec, scheduleModes } from '../../jobs/cron';
import { SchedulePicker, type SchedulePickerProps } from '../../jobs/SchedulePicker';

/**
 * taskModes are the jobs' schedule modes but Manual only: a system task that should not run on
 * its own is switched off instead, and keeps its schedule for when it is switched on again.
 */
const taskModes = scheduleModes.filter((m) => m.value !== 'manual');

/** taskSpec reads a stored schedule into the picker; an empty one starts as every day at 03:00. */
export function taskSpec(schedule: string): ScheduleSpec {
  const spec = parseCron(schedule);
  return spec.mode === 'manual' ? { ...defaultSpec, mode: 'daily' } : spec;
}

export type TaskScheduleFieldsProps = Pick<
  SchedulePickerProps,
  'schedule' | 'timezone' | 'onScheduleChange' | 'onTimezoneChange' | 'errors' | 'disabled'
>;

/**
 * TaskScheduleFields pick when a system task runs: the jobs' SchedulePicker without what only
 * jobs have (catch-up, manual mode).
 */
export function TaskScheduleFields(props: TaskScheduleFieldsProps) {
  // The server's preview needs jobs:read; without it the saved task's next run is all there is.
  const canPreview = usePermissions().can('jobs:read');
  return (
    <SchedulePicker
      {...props}
      modes={taskModes}
      readSpec={taskSpec}
      description="How often the backup runs on its own while enabled."
      showPreview={canPreview}
    />
  );
}
