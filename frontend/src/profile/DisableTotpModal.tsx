import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { DisableTotpDocument } from '../gql/graphql';
import { errorDetails, errorMessage } from '../graphql/errors';
import { actionError } from './actionError';

export interface DisableTotpModalProps {
  opened: boolean;
  onClose(): void;
  /** onDisabled is called once the server has turned two-factor authentication off. */
  onDisabled(): void;
}

/**
 * DisableTotpModal turns two-factor authentication off after the user repeats their password:
 * someone at an unattended, signed-in browser must not be able to weaken the account.
 */
export function DisableTotpModal({ opened, onClose, onDisabled }: DisableTotpModalProps) {
  const [{ fetching }, disableTOTP] = useMutation(DisableTotpDocument);
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [failure, setFailure] = useState<string>();

  const close = () => {
    setPassword('');
    setFieldError(undefined);
    setFailure(undefined);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    if (password === '') {
      setFieldError('Enter your password.');
      return;
    }
    const result = await disableTOTP({ currentPassword: password });
    if (result.error || !result.data?.disableTOTP) {
      const { code, field } = errorDetails(result.error);
      if (code === 'INVALID_CREDENTIALS') setFieldError('The password is wrong.');
      else if (code === 'INVALID_INPUT' && field === 'currentPassword' && result.error) {
        setFieldError(errorMessage(result.error));
      } else setFailure(actionError(result.error));
      return;
    }
    close();
    onDisabled();
  };

  return (
    <Modal opened={opened} onClose={close} title="Turn off two-factor authentication?" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            Sign-in will ask only for your password, and your recovery codes stop working. Enter your password to
            confirm.
          </Text>
          {failure && (
            <Alert color="red" icon={<IconAlertTriangle />} title="Two-factor authentication is still on">
              {failure}
            </Alert>
          )}
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            data-autofocus
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
              setFieldError(undefined);
            }}
            error={fieldError}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={fetching}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={fetching}>
              Turn off
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
