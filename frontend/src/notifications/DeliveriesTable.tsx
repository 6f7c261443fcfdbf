import { useEffect } from 'react';
import { Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { ErrorAlert } from '../admin/ErrorAlert';
import { ListLimitNote } from '../admin/ListLimitNote';
import { nodes } from '../admin/lists';
import { alertOf } from '../admin/serverErrors';
import { NotificationDeliveryListDocument, type NotificationChannelRowFragment } from '../gql/graphql';
import { formatAbsolute } from '../lib/time';
import { DeliveryStatusBadge } from './DeliveryStatusBadge';
import { eventLabel } from './events';

/** deliveryLimit is how many recent deliveries the table shows; older ones are only history. */
export const deliveryLimit = 50;

export interface DeliveriesProps {
  channels: readonly NotificationChannelRowFragment[];
  /** channelId narrows the table to one channel; empty shows every channel. */
  channelId: string;
  onChannelChange(id: string): void;
  /** refreshes counts the changes that may have added deliveries; each one reloads the table. */
  refreshes: number;
}

/** Deliveries lists the newest messages sent to every channel or to one, with how sending each went. */
export function Deliveries({ channels, channelId, onChannelChange, refreshes }: DeliveriesProps) {
  const where = channelId ? { hasChannelWith: [{ id: channelId }] } : undefined;
  const [{ data, error }, reexecute] = useQuery({
    query: NotificationDeliveryListDocument,
    variables: { first: deliveryLimit, where },
  });
  useEffect(() => {
    if (refreshes > 0) reexecute({ requestPolicy: 'network-only' });
  }, [refreshes, reexecute]);
  const deliveries = nodes(data?.notificationDeliveries);
  return (
    <Stack gap="sm" component="section" aria-labelledby="deliveries-heading">
      <Group justify="space-between" align="flex-end">
        <Title order={3} id="deliveries-heading">
          Deliveries
        </Title>
        <Select
          label="Channel"
          w={240}
          data={[{ value: '', label: 'All channels' }, ...channels.map((c) => ({ value: c.id, label: c.name }))]}
          value={channelId}
          onChange={(value) => onChannelChange(value ?? '')}
          allowDeselect={false}
        />
      </Group>
      <ErrorAlert error={error && alertOf(error, 'Could not load the deliveries')} />
      {data &&
        (deliveries.length === 0 ? (
          <Text c="dimmed">No messages sent yet.</Text>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label="Deliveries" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Time</Table.Th>
                  <Table.Th>Channel</Table.Th>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Error</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deliveries.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>
                      <Text span size="sm" component="time" dateTime={d.createdAt}>
                        {formatAbsolute(new Date(d.createdAt))}
                      </Text>
                    </Table.Td>
                    <Table.Td>{d.channel.name}</Table.Td>
                    <Table.Td>{eventLabel(d.eventType)}</Table.Td>
                    <Table.Td>{d.title}</Table.Td>
                    <Table.Td>
                      <DeliveryStatusBadge status={d.status} />
                    </Table.Td>
                    <Table.Td>{d.attempts}</Table.Td>
                    <Table.Td>
                      <Text span size="sm" c="red" style={{ wordBreak: 'break-word' }}>
                        {d.error}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
      {data && (
        <ListLimitNote shown={deliveries.length} total={data.notificationDeliveries.totalCount} noun="deliveries" />
      )}
    </Stack>
  );
}
