import { notifications } from '@mantine/notifications';
import { type ReactNode, useState } from 'react';
import type { CombinedError } from 'urql';
import { ConfirmDialog } from '../admin/ConfirmDialog';
import type { AlertContent } from '../admin/ErrorAlert';
import { alertOf } from '../admin/serverErrors';
import { errorDetails } from '../graphql/errors';

/**
 * deleteAlert says why a delete failed. IN_USE lists what still uses the item by name (the jobs
 * of a source, a destination or a profile), so the user knows what to change first.
 */
export function deleteAlert(error: CombinedError, name: string): AlertContent {
  const { code, users } = errorDetails(error);
  if (code === 'IN_USE' && users && users.length > 0) {
    const jobs = users.length === 1 ? 'job' : 'jobs';
    return {
      title: `${name} is used by ${users.length} ${jobs}`,
      message: `Change or delete the ${jobs} ${users.join(', ')} first, then delete ${name}.`,
    };
  }
  return alertOf(error, `Could not delete ${name}`);
}

export interface DeleteDialogProps {
  /** noun names what is deleted, such as "source". */
  noun: string;
  name: string;
  /** remove runs the delete mutation and resolves with its error, if any. */
  remove(): Promise<{ error?: CombinedError }>;
  busy: boolean;
  /** children say what deleting does and does not touch. */
  children: ReactNode;
  onClose(): void;
  onDone(): void;
}

/** DeleteDialog asks before deleting a source, destination, profile or job and says why it could not. */
export function DeleteDialog({ noun, name, remove, busy, children, onClose, onDone }: DeleteDialogProps) {
  const [error, setError] = useState<AlertContent>();
  const confirm = async () => {
    setError(undefined);
    const result = await remove();
    if (result.error) {
      setError(deleteAlert(result.error, name));
      return;
    }
    const title = `${noun.charAt(0).toUpperCase()}${noun.slice(1)} deleted`;
    notifications.show({ color: 'green', title, message: `${name} is deleted.` });
    onDone();
  };
  return (
    <ConfirmDialog
      opened
      title={`Delete ${noun} ${name}?`}
      confirmLabel={`Delete ${name}`}
      busy={busy}
      error={error}
      onConfirm={confirm}
      onClose={onClose}
    >
      {children}
    </ConfirmDialog>
  );
}
