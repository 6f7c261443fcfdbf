import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { DeleteUserDocument, ResetUserTotpDocument, type UserRowFragment } from '../../gql/graphql';
import { ConfirmDialog } from '../ConfirmDialog';
import type { AlertContent } from '../ErrorAlert';
import { alertOf } from '../serverErrors';

export interface UserDialogProps {
  user: UserRowFragment;
  onClose(): void;
  /** onDone is called after the server has carried the action out. */
  onDone(): void;
}

/** ResetTOTPDialog turns off a user's two-factor authentication, for a user who lost their device. */
export function ResetTOTPDialog({ user, onClose, onDone }: UserDialogProps) {
  const [{ fetching }, reset] = useMutation(ResetUserTotpDocument);
  const [error, setError] = useState<AlertContent>();
  const confirm = async () => {
    const result = await reset({ id: user.id });
    if (result.error) {
      setError(alertOf(result.error, `Could not reset the two-factor authentication of ${user.username}`));
      return;
    }
    notifications.show({
      color: 'green',
      title: 'Two-factor authentication reset',
      message: `${user.username} signs in with their password alone until they set it up again.`,
    });
    onDone();
  };
  return (
    <ConfirmDialog
      opened
      title={`Reset two-factor authentication of ${user.username}?`}
      confirmLabel="Reset two-factor"
      busy={fetching}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      {user.username} will sign in with their password alone, and their recovery codes stop working. Do this only for a
      user who lost their authenticator and whom you have recognised.
    </ConfirmDialog>
  );
}

/** DeleteUserDialog deletes a user with their sessions and API keys. */
export function DeleteUserDialog({ user, onClose, onDone }: UserDialogProps) {
  const [{ fetching }, remove] = useMutation(DeleteUserDocument);
  const [error, setError] = useState<AlertContent>();
  const confirm = async () => {
    const result = await remove({ id: user.id });
    if (result.error) {
      setError(alertOf(result.error, `Could not delete ${user.username}`));
      return;
    }
    notifications.show({ color: 'green', title: 'User deleted', message: `${user.username} is deleted.` });
    onDone();
  };
  return (
    <ConfirmDialog
      opened
      title={`Delete user ${user.username}?`}
      confirmLabel={`Delete ${user.username}`}
      busy={fetching}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      {user.username} will be deleted with their sessions and API keys. The audit log keeps what they did. This cannot
      be undone.
    </ConfirmDialog>
  );
}
