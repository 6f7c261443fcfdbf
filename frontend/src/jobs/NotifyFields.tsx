import { Fieldset, MultiSelect, Stack, Text } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useQuery } from 'urql';
import { listLimit, nodes } from '../admin/lists';
import { useViewer } from '../auth/viewer';
import { NotificationChannelOptionsDocument } from '../gql/graphql';
import { type JobFormValues, notifyOutcomes } from './jobForm';

export interface NotifyFieldsProps {
  form: UseFormReturnType<JobFormValues>;
}

/**
 * NotifyFields picks the notification channels told about each outcome of a run. Listing the
 * channels needs notifications:read; without it the section says so, and an edit leaves the
 * job's channels as they are, since only changed lists are sent.
 */
export function NotifyFields({ form }: NotifyFieldsProps) {
  const { can } = useViewer();
  const allowed = can('notifications:read');
  const [{ data, fetching }] = useQuery({
    query: NotificationChannelOptionsDocument,
    variables: { first: listLimit },
    pause: !allowed,
  });
  const channels = nodes(data?.notificationChannels).map((c) => ({
    value: c.id,
    label: c.enabled ? c.name : `${c.name} (disabled)`,
  }));

  return (
    <Fieldset legend="Notifications" p="sm">
      {allowed ? (
        <Stack gap="sm">
          {notifyOutcomes.map(({ key, label }) => (
            <MultiSelect
              key={key}
              label={label}
              placeholder={form.values[key].length === 0 ? 'No channel' : undefined}
              data={channels}
              searchable
              clearable
              clearButtonProps={{ 'aria-label': `Clear ${label}`, 'aria-hidden': false, tabIndex: 0 }}
              nothingFoundMessage={fetching ? 'Loading the channels…' : 'No such channel'}
              {...form.getInputProps(key)}
            />
          ))}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          Choosing the channels told about this job’s runs needs the notifications:read permission.
        </Text>
      )}
    </Fieldset>
  );
}
