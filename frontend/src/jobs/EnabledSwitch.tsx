import { Switch } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from 'urql';
import { alertOf } from '../admin/serverErrors';
import { type JobRowFragment, UpdateJobDocument } from '../gql/graphql';

/**
 * EnabledSwitch turns a job's schedule on or off from the list. The list follows the server's
 * answer, so a refused change flips back and says why.
 */
export function EnabledSwitch({ job, canWrite }: { job: JobRowFragment; canWrite: boolean }) {
  const [{ fetching }, updateJob] = useMutation(UpdateJobDocument);
  const toggle = async (enabled: boolean) => {
    const result = await updateJob({ id: job.id, input: { enabled } });
    if (result.error) {
      const alert = alertOf(result.error, `Could not ${enabled ? 'enable' : 'disable'} ${job.name}`);
      notifications.show({ color: 'red', title: alert.title, message: alert.message });
    }
  };
  return (
    <Switch
      aria-label={`Enabled ${job.name}`}
      checked={job.enabled}
      disabled={!canWrite || fetching}
      onChange={(e) => void toggle(e.currentTarget.checked)}
    />
  );
}
