import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerStop } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { type AlertContent, ErrorAlert } from '../admin/ErrorAlert';
import { alertOf } from '../admin/serverErrors';
import { CancelExecutionDocument, type ExecutionDetailFragment } from '../gql/graphql';

export interface CancelExecutionButtonProps {
  execution: ExecutionDetailFragment;
  /** onCancelled runs after the server accepted the cancellation. */
  onCancelled(): void;
}

/** CancelExecutionButton stops a queued or running run after asking. */
export function CancelExecutionButton({ execution, onCancelled }: CancelExecutionButtonProps) {
  const [opened, setOpened] = useState(false);
  const [error, setError] = useState<AlertContent>();
  const [state, cancel] = useMutation(CancelExecutionDocument);
  const restore = execution.kind === 'restore';
  const what = restore ? 'restore' : 'backup';

  const confirm = async () => {
    setError(undefined);
    const result = await cancel({ id: execution.id });
    if (result.error) {
      setError(alertOf(result.error, `Could not cancel the ${what}`));
      return;
    }
    setOpened(false);
    notifications.show({ title: 'Cancelling', message: `The ${what} stops at the next safe point.` });
    onCancelled();
  };

  return (
    <>
      <Button color="red" variant="light" leftSection={<IconPlayerStop size={16} />} onClick={() => setOpened(true)}>
        Cancel {what}
      </Button>
      {/* Not ConfirmDialog: its "Cancel" button would read as the action itself here. */}
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={`Cancel this ${what}?`}
        closeButtonProps={{ 'aria-label': 'Close' }}
        centered
      >
        <Stack>
          <Text size="sm">
            {restore
              ? 'The restore stops. Databases it has started to replace may be left partly restored; restore again to complete them.'
              : 'The backup stops and what was written so far is removed from the destinations. Earlier backups are not touched.'}
          </Text>
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)} disabled={state.fetching}>
              Keep running
            </Button>
            <Button color="red" onClick={confirm} loading={state.fetching}>
              Cancel {what}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
