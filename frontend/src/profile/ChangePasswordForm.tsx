import { Alert, Button, Group, PasswordInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { checkNewPassword, passwordRule } from '../auth/password';
import { ChangePasswordDocument } from '../gql/graphql';
import { errorDetails, errorMessage } from '../graphql/errors';
import { actionError } from './actionError';

interface Errors {
  current?: string;
  password?: string;
  confirm?: string;
}

/** serverFields maps the server's extensions.field names to this form's fields. */
const serverFields: Readonly<Record<string, keyof Errors>> = {
  currentPassword: 'current',
  password: 'password',
  newPassword: 'password',
};

/**
 * ChangePasswordForm replaces the viewer's password. The server checks the current one and ends
 * every other session of the account, so a stolen session dies with the old password; this
 * browser stays signed in.
 */
export function ChangePasswordForm() {
  const [{ fetching }, changePassword] = useMutation(ChangePasswordDocument);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = { ...checkNewPassword(next, confirm) };
    if (current === '') found.current = 'Enter your current password.';
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;

    // The other sessions end, so the sessions list below must be fetched again.
    const result = await changePassword(
      { input: { currentPassword: current, newPassword: next } },
      { additionalTypenames: ['Session'] },
    );
    if (result.error || !result.data?.changePassword) {
      const { code, field } = errorDetails(result.error);
      const onField = field ? serverFields[field] : undefined;
      if (code === 'INVALID_CREDENTIALS') setErrors({ current: 'The current password is wrong.' });
      else if (code === 'INVALID_INPUT' && onField && result.error)
        setErrors({ [onField]: errorMessage(result.error) });
      else setFailure(actionError(result.error));
      return;
    }
    setCurrent('');
    setNext('');
    setConfirm('');
    notifications.show({
      color: 'green',
      title: 'Password changed',
      message: 'Your other sessions were signed out; this browser stays signed in.',
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Change password">
      <Stack maw={420}>
        {failure && (
          <Alert color="red" icon={<IconAlertTriangle />} title="Could not change the password">
            {failure}
          </Alert>
        )}
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={errors.current}
        />
        <PasswordInput
          label="New password"
          description={passwordRule}
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={errors.password}
        />
        <PasswordInput
          label="Confirm new password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={errors.confirm}
        />
        <Group>
          <Button type="submit" loading={fetching}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
