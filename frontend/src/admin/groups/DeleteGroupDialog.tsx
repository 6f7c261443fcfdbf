import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { DeleteGroupDocument, type GroupRowFragment } from '../../gql/graphql';
import { ConfirmDialog } from '../ConfirmDialog';
import type { AlertContent } from '../ErrorAlert';
import { alertOf } from '../serverErrors';

export interface DeleteGroupDialogProps {
  group: GroupRowFragment;
  onClose(): void;
  onDone(): void;
}

/** DeleteGroupDialog deletes a group that is not built in; its members stay. */
export function DeleteGroupDialog({ group, onClose, onDone }: DeleteGroupDialogProps) {
  const [{ fetching }, remove] = useMutation(DeleteGroupDocument);
  const [error, setError] = useState<AlertContent>();
  const confirm = async () => {
    const result = await remove({ id: group.id });
    if (result.error) {
      setError(alertOf(result.error, `Could not delete ${group.name}`));
      return;
    }
    notifications.show({ color: 'green', title: 'Group deleted', message: `${group.name} is deleted.` });
    onDone();
  };
  const members = group.users?.length ?? 0;
  return (
    <ConfirmDialog
      opened
      title={`Delete group ${group.name}?`}
      confirmLabel={`Delete ${group.name}`}
      busy={fetching}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      {members === 1 ? 'Its member stays' : `Its ${members} members stay`} but lose the permissions the group gave them.
      This cannot be undone.
    </ConfirmDialog>
  );
}
