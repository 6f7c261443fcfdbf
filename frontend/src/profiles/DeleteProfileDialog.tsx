import { Alert, Button, Checkbox, Group, List, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { ConfirmDialog } from '../admin/ConfirmDialog';
import { type AlertContent, ErrorAlert } from '../admin/ErrorAlert';
import { deleteAlert } from '../forms/DeleteDialog';
import { DeleteProfileDocument, type ProfileRowFragment } from '../gql/graphql';
import { type RetainedCount, retainedBackupsRefusal, retainedSummary } from './retained';
import { useRecoveryKit } from './useRecoveryKit';

export interface DeleteProfileDialogProps {
  profile: ProfileRowFragment;
  /** canReveal offers the Recovery Kit (vault:reveal) before deleting a key that backups need. */
  canReveal: boolean;
  onClose(): void;
  onDone(): void;
}

/**
 * DeleteProfileDialog asks before deleting a profile. When the server refuses because the key
 * alone opens retained backups (RETAINED_BACKUPS), it lists them per destination, offers the
 * Recovery Kit, and deletes only after the user confirms the key is saved.
 */
export function DeleteProfileDialog({ profile, canReveal, onClose, onDone }: DeleteProfileDialogProps) {
  const [{ fetching }, remove] = useMutation(DeleteProfileDocument);
  const [error, setError] = useState<AlertContent>();
  const [retained, setRetained] = useState<RetainedCount[]>();

  const attempt = async (confirmRetainedBackups: boolean) => {
    setError(undefined);
    const result = await remove({ id: profile.id, confirmRetainedBackups });
    if (result.error) {
      const refusal = confirmRetainedBackups ? undefined : retainedBackupsRefusal(result.error);
      if (refusal) setRetained(refusal);
      else setError(deleteAlert(result.error, profile.name));
      return;
    }
    notifications.show({ color: 'green', title: 'Profile deleted', message: `${profile.name} is deleted.` });
    onDone();
  };

  if (!retained) {
    return (
      <ConfirmDialog
        opened
        title={`Delete profile ${profile.name}?`}
        confirmLabel={`Delete ${profile.name}`}
        busy={fetching}
        error={error}
        onConfirm={() => void attempt(false)}
        onClose={onClose}
      >
        The profile and its key are deleted from DBackup. Backups encrypted with it can then be restored only with a
        copy of the key kept elsewhere. A profile that a job uses cannot be deleted.
      </ConfirmDialog>
    );
  }
  return (
    <RetainedBackupsDialog
      profile={profile}
      retained={retained}
      canReveal={canReveal}
      busy={fetching}
      error={error}
      onConfirm={() => void attempt(true)}
      onClose={onClose}
    />
  );
}

interface RetainedBackupsDialogProps {
  profile: ProfileRowFragment;
  retained: readonly RetainedCount[];
  canReveal: boolean;
  busy: boolean;
  error?: AlertContent;
  onConfirm(): void;
  onClose(): void;
}

/** RetainedBackupsDialog is the second step of deleting a key that retained backups still need. */
function RetainedBackupsDialog(props: RetainedBackupsDialogProps) {
  const { profile, retained, canReveal, busy, error, onConfirm, onClose } = props;
  const [saved, setSaved] = useState(false);
  const kit = useRecoveryKit();
  return (
    <Modal
      opened
      onClose={onClose}
      title={`${profile.name} still opens ${retainedSummary(retained)}`}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
      centered
    >
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle />} title="Only this key opens these backups">
          <Text size="sm">
            Once {profile.name} is deleted, DBackup can no longer restore or decrypt them. Save the key first: the
            Recovery Kit holds it with a script that decrypts the backups without DBackup.
          </Text>
          <List size="sm" mt="xs" aria-label="Retained backups per destination">
            {retained.map((r) => (
              <List.Item key={r.destinationId ?? r.destinationName}>
                {r.destinationName}: {r.count} {r.count === 1 ? 'backup' : 'backups'}
              </List.Item>
            ))}
          </List>
        </Alert>
        {canReveal ? (
          <Group>
            <Button
              variant="light"
              leftSection={<IconDownload size={16} />}
              loading={kit.fetching}
              onClick={() => void kit.download([profile.id])}
            >
              Download Recovery Kit
            </Button>
            {kit.downloaded && (
              <Text size="sm" c="dimmed">
                The download has started; keep the ZIP somewhere safe, outside DBackup.
              </Text>
            )}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            Downloading a Recovery Kit needs the vault:reveal permission; ask someone who has it to save the key.
          </Text>
        )}
        <ErrorAlert error={kit.error} />
        <Checkbox
          checked={saved}
          onChange={(e) => setSaved(e.currentTarget.checked)}
          label="I have saved this key; these backups can then only be opened with the Recovery Kit"
        />
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button color="red" onClick={onConfirm} loading={busy} disabled={!saved}>
            Delete anyway
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
