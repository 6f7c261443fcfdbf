import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { SetUserPasswordDocument, type UserRowFragment } from '../../gql/graphql';
import { type AlertContent, ErrorAlert } from '../ErrorAlert';
import { formErrors } from '../serverErrors';
import { minPasswordLength, validatePassword } from './userForm';

export interface SetPasswordModalProps {
  user: UserRowFragment;
  onClose(): void;
  onSaved(): void;
}

/** SetPasswordModal sets another user's password, which also ends their sessions. */
export function SetPasswordModal({ user, onClose, onSaved }: SetPasswordModalProps) {
  const [alert, setAlert] = useState<AlertContent>();
  const [{ fetching }, setPassword] = useMutation(SetUserPasswordDocument);
  const form = useForm({
    initialValues: { password: '', repeat: '' },
    validate: {
      password: validatePassword,
      repeat: (value, values) => (value === values.password ? null : 'The passwords differ'),
    },
  });

  const submit = async ({ password }: { password: string }) => {
    setAlert(undefined);
    const result = await setPassword({ id: user.id, password });
    if (result.error) {
      const errors = formErrors(result.error, {
        fields: ['password'],
        title: `Could not set the password of ${user.username}`,
      });
      form.setErrors(errors.fields);
      setAlert(errors.alert);
      return;
    }
    notifications.show({
      color: 'green',
      title: 'Password set',
      message: `The password of ${user.username} is set and their sessions are ended.`,
    });
    onSaved();
  };

  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': 'Close' }}
      onClose={onClose}
      title={`Set the password of ${user.username}`}
      centered
    >
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack>
          <Text size="sm">The user signs in with the new password from now on; every session they have open ends.</Text>
          <PasswordInput
            label="New password"
            description={`At least ${minPasswordLength} characters.`}
            required
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label="Repeat the password"
            required
            autoComplete="new-password"
            {...form.getInputProps('repeat')}
          />
          <ErrorAlert error={alert} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={fetching}>
              Set password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
