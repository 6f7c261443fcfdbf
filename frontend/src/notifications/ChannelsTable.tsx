import { ActionIcon, Badge, Button, Group, Loader, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconSend, IconTrash, IconX } from '@tabler/icons-react';
import { Fragment } from 'react';
import { ErrorAlert } from '../admin/ErrorAlert';
import { SecretBadges } from '../forms/SecretBadges';
import type { RowTest } from '../forms/rowTests';
import type { NotificationChannelRowFragment, NotificationDeliveryRowFragment } from '../gql/graphql';
import { formatAbsolute } from '../lib/time';
import { DeliveryStatusBadge } from './DeliveryStatusBadge';
import { eventLabel } from './events';
import { formSpec } from './fieldSpecs';
import type { ChannelKind } from './kinds';
import { SendTestResult } from './SendTestResult';

export type ChannelAction = 'edit' | 'delete' | 'test';

export interface ChannelsTableProps {
  channels: readonly NotificationChannelRowFragment[];
  kinds: readonly ChannelKind[];
  /** lastDeliveries are the newest delivery of each channel, by channel id. */
  lastDeliveries: Readonly<Record<string, NotificationDeliveryRowFragment>>;
  canWrite: boolean;
  tests: Record<string, RowTest<NotificationDeliveryRowFragment>>;
  onAction(action: ChannelAction, channel: NotificationChannelRowFragment): void;
  onDismissTest(id: string): void;
}

const columns = 7;

/**
 * ChannelsTable lists the notification channels with their kind, whether they are on, which
 * secrets they have stored (in red any the loaded ENCRYPTION_KEY cannot open), the system events
 * they hear about and how the last message to each went; under a row, the result of sending it
 * a test.
 */
export function ChannelsTable({
  channels,
  kinds,
  lastDeliveries,
  canWrite,
  tests,
  onAction,
  onDismissTest,
}: ChannelsTableProps) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table aria-label="Channels" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Enabled</Table.Th>
            <Table.Th>Secrets</Table.Th>
            <Table.Th>System events</Table.Th>
            <Table.Th>Last delivery</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {channels.map((channel) => {
            const test = tests[channel.id];
            const last = lastDeliveries[channel.id];
            const events = channel.systemEvents ?? [];
            const kind = kinds.find((k) => k.value === channel.kind);
            return (
              <Fragment key={channel.id}>
                <Table.Tr>
                  <Table.Td>
                    <Text span size="sm" fw={500}>
                      {channel.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="outline" size="sm">
                      {kind?.label ?? channel.kind}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" size="sm" color={channel.enabled ? 'green' : 'gray'}>
                      {channel.enabled ? 'On' : 'Off'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <SecretBadges
                      owner={channel.name}
                      secrets={channel.secrets}
                      fields={(kind?.fields ?? []).map(formSpec)}
                      onReenter={canWrite ? () => onAction('edit', channel) : undefined}
                    />
                  </Table.Td>
                  <Table.Td>
                    {events.length === 0 ? (
                      <Text span size="sm" c="dimmed">
                        none
                      </Text>
                    ) : (
                      <Group gap={4}>
                        {events.map((e) => (
                          <Badge key={e} variant="light" color="gray" size="sm" tt="none">
                            {eventLabel(e)}
                          </Badge>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {last ? (
                      <Group gap={6} wrap="nowrap">
                        <DeliveryStatusBadge status={last.status} />
                        <Text span size="xs" c="dimmed" component="time" dateTime={last.createdAt}>
                          {formatAbsolute(new Date(last.createdAt))}
                        </Text>
                      </Group>
                    ) : (
                      <Text span size="sm" c="dimmed">
                        never
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{canWrite && <RowActions channel={channel} test={test} onAction={onAction} />}</Table.Td>
                </Table.Tr>
                {test && !test.running && (
                  <Table.Tr>
                    <Table.Td colSpan={columns} aria-label={`Test message to ${channel.name}`}>
                      <Group align="flex-start" wrap="nowrap" gap="xs">
                        <div style={{ flex: 1 }}>
                          {test.result && <SendTestResult delivery={test.result} />}
                          <ErrorAlert error={test.alert} />
                        </div>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Hide the test of ${channel.name}`}
                          onClick={() => onDismissTest(channel.id)}
                        >
                          <IconX size={16} />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

interface RowActionsProps {
  channel: NotificationChannelRowFragment;
  test?: RowTest<unknown>;
  onAction: ChannelsTableProps['onAction'];
}

function RowActions({ channel, test, onAction }: RowActionsProps) {
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      <Button
        size="compact-sm"
        variant="default"
        leftSection={test?.running ? <Loader size={12} /> : <IconSend size={14} />}
        disabled={test?.running}
        aria-label={`Send a test to ${channel.name}`}
        onClick={() => onAction('test', channel)}
      >
        Send test
      </Button>
      <Tooltip label={`Edit ${channel.name}`}>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Edit ${channel.name}`}
          onClick={() => onAction('edit', channel)}
        >
          <IconPencil size={16} />
        </ActionIcon>
      </Tooltip>
      <Tooltip label={`Delete ${channel.name}`}>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Delete ${channel.name}`}
          onClick={() => onAction('delete', channel)}
        >
          <IconTrash size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
