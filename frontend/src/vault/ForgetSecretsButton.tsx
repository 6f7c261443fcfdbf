import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useMutation } from 'urql';
import { ForgetUndecryptableSecretsDocument, type ForgetUndecryptableSecretsMutation } from '../gql/graphql';
import { errorMessage } from '../graphql/errors';
import { plural } from './keyId';

export type ForgetResult = ForgetUndecryptableSecretsMutation['forgetUndecryptableSecrets'];

export interface ForgetSecretsButtonProps {
  /** count is how many stored secrets the loaded keys cannot open. */
  count: number;
  /** onForgotten is called once the server has cleared them, with what it cleared. */
  onForgotten(result: ForgetResult): void;
}

/**
 * ForgetSecretsButton clears the stored secrets that no loaded key opens, after the user has
 * confirmed in a modal that says exactly what happens. The outcome is told in a notification.
 */
export function ForgetSecretsButton({ count, onForgotten }: ForgetSecretsButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const [{ fetching }, forget] = useMutation(ForgetUndecryptableSecretsDocument);

  const confirm = async () => {
    const result = await forget({});
    close();
    const payload = result.data?.forgetUndecryptableSecrets;
    if (result.error || !payload) {
      notifications.show({
        color: 'red',
        title: 'Could not forget the undecryptable secrets',
        message: result.error ? errorMessage(result.error) : 'The server sent no answer.',
      });
      return;
    }
    notifications.show({
      color: 'green',
      title: 'Undecryptable secrets forgotten',
      message: `${plural(payload.cleared.length, 'secret')} cleared; re-enter them where they are used.`,
    });
    onForgotten(payload);
  };

  return (
    <>
      <Group>
        <Button color="red" leftSection={<IconTrash size={16} />} onClick={open}>
          Forget undecryptable secrets
        </Button>
      </Group>
      <Modal opened={opened} onClose={close} title="Forget undecryptable secrets?" centered>
        <Stack>
          <Text size="sm">
            {plural(count, 'stored secret')} that the loaded keys cannot open will be cleared so they can be re-entered.
            Secrets that open are not touched. This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={fetching}>
              Cancel
            </Button>
            <Button color="red" onClick={confirm} loading={fetching}>
              Forget {plural(count, 'secret')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
