import { Button, Group, Loader, Title } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useQuery } from 'urql';
import { type UserRowFragment, UserListDocument } from '../../gql/graphql';
import { SectionPage } from '../../pages/SectionPage';
import type { Section } from '../../sections';
import { ErrorAlert } from '../ErrorAlert';
import { ListLimitNote } from '../ListLimitNote';
import { listLimit, nodes } from '../lists';
import { alertOf } from '../serverErrors';
import { UsersTabs } from '../UsersTabs';
import { usePermissions } from '../usePermissions';
import { SetPasswordModal } from './SetPasswordModal';
import { DeleteUserDialog, ResetTOTPDialog } from './UserConfirmDialogs';
import { UserFormModal } from './UserFormModal';
import { type UserAction, UsersTable } from './UsersTable';

/** Dialog is the one dialog open on the page, if any. */
type Dialog = { action: 'create' } | { action: UserAction; user: UserRowFragment };

/** UsersPage lists the users and lets a viewer with users:write create, change and delete them. */
export function UsersPage({ section }: { section: Section }) {
  const { can } = usePermissions();
  const canWrite = can('users:write');
  const [{ data, fetching, error }, reexecute] = useQuery({ query: UserListDocument, variables: { first: listLimit } });
  const [dialog, setDialog] = useState<Dialog>();
  const users = nodes(data?.users);

  const close = useCallback(() => setDialog(undefined), []);
  const done = useCallback(() => {
    setDialog(undefined);
    reexecute({ requestPolicy: 'network-only' });
  }, [reexecute]);

  return (
    <SectionPage section={section}>
      <UsersTabs />
      <Group justify="space-between">
        <Title order={3}>Users</Title>
        {canWrite && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setDialog({ action: 'create' })}>
            New user
          </Button>
        )}
      </Group>
      {fetching && !data && <Loader aria-label="Loading the users" />}
      <ErrorAlert error={error && alertOf(error, 'Could not load the users')} />
      {data && (
        <>
          <UsersTable users={users} canWrite={canWrite} onAction={(action, user) => setDialog({ action, user })} />
          <ListLimitNote shown={users.length} total={data.users.totalCount} noun="users" />
        </>
      )}
      {dialog?.action === 'create' && <UserFormModal onClose={close} onSaved={done} />}
      {dialog?.action === 'edit' && <UserFormModal user={dialog.user} onClose={close} onSaved={done} />}
      {dialog?.action === 'password' && <SetPasswordModal user={dialog.user} onClose={close} onSaved={close} />}
      {dialog?.action === 'totp' && <ResetTOTPDialog user={dialog.user} onClose={close} onDone={done} />}
      {dialog?.action === 'delete' && <DeleteUserDialog user={dialog.user} onClose={close} onDone={done} />}
    </SectionPage>
  );
}
