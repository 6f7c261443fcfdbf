import { Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../admin/ErrorAlert';
import { ListLimitNote } from '../admin/ListLimitNote';
import { listLimit, nodes } from '../admin/lists';
import { alertOf } from '../admin/serverErrors';
import { useViewer } from '../auth/viewer';
import { DeleteDialog } from '../forms/DeleteDialog';
import {
  DeleteNotificationChannelDocument,
  NotificationChannelListDocument,
  type NotificationChannelRowFragment,
  NotificationDeliveryListDocument,
  type NotificationDeliveryRowFragment,
} from '../gql/graphql';
import { SectionPage } from '../pages/SectionPage';
import type { Section } from '../sections';
import { ChannelFormModal } from './ChannelFormModal';
import { type ChannelAction, ChannelsTable } from './ChannelsTable';
import { Deliveries, deliveryLimit } from './DeliveriesTable';
import { useChannelKinds } from './kinds';
import { useSendTests } from './sendTests';

type Dialog = { action: 'create' } | { action: 'edit' | 'delete'; channel: NotificationChannelRowFragment };

/** lastByChannel picks the newest delivery of each channel from deliveries listed newest first. */
function lastByChannel(deliveries: readonly NotificationDeliveryRowFragment[]) {
  const last: Record<string, NotificationDeliveryRowFragment> = {};
  for (const d of deliveries) last[d.channel.id] ??= d;
  return last;
}

/**
 * NotificationsPage lists the notification channels and the recent deliveries, and lets a
 * viewer with notifications:write create, edit, test and delete channels.
 */
export function NotificationsPage({ section }: { section: Section }) {
  const { can } = useViewer();
  const canWrite = can('notifications:write');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: NotificationChannelListDocument,
    variables: { first: listLimit },
  });
  // The newest deliveries of every channel give each row its last delivery.
  const [recent, reexecuteRecent] = useQuery({
    query: NotificationDeliveryListDocument,
    variables: { first: deliveryLimit },
  });
  const { kinds, systemEvents } = useChannelKinds();
  const [dialog, setDialog] = useState<Dialog>();
  const [channelFilter, setChannelFilter] = useState('');
  const [refreshes, setRefreshes] = useState(0);
  const [removed, deleteChannel] = useMutation(DeleteNotificationChannelDocument);
  const channels = nodes(data?.notificationChannels);
  const lastDeliveries = useMemo(() => lastByChannel(nodes(recent.data?.notificationDeliveries)), [recent.data]);

  const refreshDeliveries = useCallback(() => setRefreshes((n) => n + 1), []);
  useEffect(() => {
    if (refreshes > 0) reexecuteRecent({ requestPolicy: 'network-only' });
  }, [refreshes, reexecuteRecent]);
  const { tests, start, dismiss } = useSendTests(refreshDeliveries);

  const close = useCallback(() => setDialog(undefined), []);
  const done = useCallback(() => {
    setDialog(undefined);
    reexecute({ requestPolicy: 'network-only' });
    refreshDeliveries();
  }, [reexecute, refreshDeliveries]);
  const act = (action: ChannelAction, channel: NotificationChannelRowFragment) => {
    if (action === 'test') void start(channel);
    else setDialog({ action, channel });
  };

  return (
    <SectionPage section={section}>
      <Stack gap="lg">
        <Stack gap="sm">
          <Group justify="flex-end">
            {canWrite && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ action: 'create' })}>
                Add channel
              </Button>
            )}
          </Group>
          {fetching && !data && <Loader aria-label="Loading the channels" />}
          <ErrorAlert error={error && alertOf(error, 'Could not load the channels')} />
          {data &&
            (channels.length === 0 ? (
              <Text c="dimmed">No channels yet.{canWrite && ' Add where DBackup sends news with Add channel.'}</Text>
            ) : (
              <>
                <ChannelsTable
                  channels={channels}
                  kinds={kinds}
                  lastDeliveries={lastDeliveries}
                  canWrite={canWrite}
                  tests={tests}
                  onAction={act}
                  onDismissTest={dismiss}
                />
                <ListLimitNote shown={channels.length} total={data.notificationChannels.totalCount} noun="channels" />
              </>
            ))}
        </Stack>
        <Deliveries
          channels={channels}
          channelId={channelFilter}
          onChannelChange={setChannelFilter}
          refreshes={refreshes}
        />
      </Stack>
      {dialog?.action === 'create' && (
        <ChannelFormModal kinds={kinds} systemEvents={systemEvents} onClose={close} onSaved={done} />
      )}
      {dialog?.action === 'edit' && (
        <ChannelFormModal
          kinds={kinds}
          systemEvents={systemEvents}
          channel={dialog.channel}
          onClose={close}
          onSaved={done}
        />
      )}
      {dialog?.action === 'delete' && (
        <DeleteDialog
          noun="channel"
          name={dialog.channel.name}
          busy={removed.fetching}
          remove={() => deleteChannel({ id: dialog.channel.id })}
          onClose={close}
          onDone={() => {
            if (channelFilter === dialog.channel.id) setChannelFilter('');
            done();
          }}
        >
          The channel, its stored secrets and the record of its deliveries are deleted. Jobs that notify it stop doing
          so.
        </DeleteDialog>
      )}
    </SectionPage>
  );
}
