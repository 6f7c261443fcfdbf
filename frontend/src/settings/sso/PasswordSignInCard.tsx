import { Loader, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { type AlertContent, ErrorAlert } from '../../admin/ErrorAlert';
import { alertOf } from '../../admin/serverErrors';
import { LoginOptionsDocument, SetLocalLoginForEveryoneDocument } from '../../gql/graphql';

/**
 * PasswordSignInCard lets a viewer with settings:write allow or refuse password sign-in to
 * everyone who is not an administrator, for servers where people should use single sign-on.
 */
export function PasswordSignInCard({ canWrite }: { canWrite: boolean }) {
  const [{ data, fetching, error }] = useQuery({ query: LoginOptionsDocument });
  const [{ fetching: saving }, setLocalLogin] = useMutation(SetLocalLoginForEveryoneDocument);
  const [alert, setAlert] = useState<AlertContent>();
  const everyone = data?.loginOptions.localLoginForEveryone;

  const change = async (enabled: boolean) => {
    setAlert(undefined);
    const result = await setLocalLogin({ enabled });
    if (result.error) {
      setAlert(alertOf(result.error, 'Could not change password sign-in'));
      return;
    }
    notifications.show({
      color: 'green',
      title: 'Password sign-in changed',
      message: enabled
        ? 'Everyone may sign in with a password again.'
        : 'Only administrators may sign in with a password now; everyone else uses single sign-on.',
    });
  };

  return (
    <Paper withBorder p="md" component="section" aria-label="Password sign-in">
      <Stack gap="xs">
        <Title order={4}>Password sign-in</Title>
        {fetching && !data && <Loader size="sm" aria-label="Loading the sign-in options" />}
        <ErrorAlert error={error && alertOf(error, 'Could not load the sign-in options')} />
        {everyone !== undefined && (
          <Switch
            label="Allow password sign-in for everyone"
            description="When this is off, only single sign-on signs in users who are not administrators. Administrators (members of Admins) can always sign in with their password, so nobody is locked out when a provider fails."
            checked={everyone}
            disabled={!canWrite || saving}
            onChange={(e) => void change(e.currentTarget.checked)}
          />
        )}
        {!canWrite && (
          <Text size="xs" c="dimmed">
            Changing it needs the settings:write permission.
          </Text>
        )}
        <ErrorAlert error={alert} />
      </Stack>
    </Paper>
  );
}
