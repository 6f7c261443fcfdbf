import { Button, Group, Loader, Title } from '@mantine/core';
import { IconUsersPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useQuery } from 'urql';
import { GroupListDocument, type GroupRowFragment } from '../../gql/graphql';
import { SectionPage } from '../../pages/SectionPage';
import type { Section } from '../../sections';
import { ErrorAlert } from '../ErrorAlert';
import { ListLimitNote } from '../ListLimitNote';
import { listLimit, nodes } from '../lists';
import { alertOf } from '../serverErrors';
import { UsersTabs } from '../UsersTabs';
import { usePermissions } from '../usePermissions';
import { DeleteGroupDialog } from './DeleteGroupDialog';
import { GroupFormModal } from './GroupFormModal';
import { type GroupAction, GroupsTable } from './GroupsTable';

type Dialog = { action: 'create' } | { action: GroupAction; group: GroupRowFragment };

/** GroupsPage lists the groups and lets a viewer with groups:write create, change and delete them. */
export function GroupsPage({ section }: { section: Section }) {
  const { can } = usePermissions();
  const canWrite = can('groups:write');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: GroupListDocument,
    variables: { first: listLimit },
  });
  const [dialog, setDialog] = useState<Dialog>();
  const groups = nodes(data?.groups);

  const close = useCallback(() => setDialog(undefined), []);
  const done = useCallback(() => {
    setDialog(undefined);
    reexecute({ requestPolicy: 'network-only' });
  }, [reexecute]);

  return (
    <SectionPage section={section}>
      <UsersTabs />
      <Group justify="space-between">
        <Title order={3}>Groups</Title>
        {canWrite && (
          <Button leftSection={<IconUsersPlus size={16} />} onClick={() => setDialog({ action: 'create' })}>
            New group
          </Button>
        )}
      </Group>
      {fetching && !data && <Loader aria-label="Loading the groups" />}
      <ErrorAlert error={error && alertOf(error, 'Could not load the groups')} />
      {data && (
        <>
          <GroupsTable groups={groups} canWrite={canWrite} onAction={(action, group) => setDialog({ action, group })} />
          <ListLimitNote shown={groups.length} total={data.groups.totalCount} noun="groups" />
        </>
      )}
      {dialog?.action === 'create' && <GroupFormModal onClose={close} onSaved={done} />}
      {dialog?.action === 'edit' && <GroupFormModal group={dialog.group} onClose={close} onSaved={done} />}
      {dialog?.action === 'delete' && <DeleteGroupDialog group={dialog.group} onClose={close} onDone={done} />}
    </SectionPage>
  );
}
