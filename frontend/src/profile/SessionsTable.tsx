import { Alert, Badge, Button, Loader, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery } from 'urql';
import { type SessionFieldsFragment, RevokeSessionDocument, ViewerSessionsDocument } from '../gql/graphql';
import { errorMessage } from '../graphql/errors';
import { formatAbsolute, formatRelative } from '../lib/time';
import { actionError } from './actionError';

/** When shows an instant relative to now, with the exact date and time on hover. */
function When({ value }: { value: string }) {
  const date = new Date(value);
  return (
    <Tooltip label={formatAbsolute(date)}>
      <Text size="sm" component="time" dateTime={value}>
        {formatRelative(date, new Date())}
      </Text>
    </Tooltip>
  );
}

/**
 * SessionsTable lists the viewer's browser sign-ins and ends any but the one in use: a session
 * on a lost laptop or a shared computer can be cut off from here. Ending the current one is
 * what "Sign out" is for.
 */
export function SessionsTable() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ViewerSessionsDocument });
  const [revoking, revokeSession] = useMutation(RevokeSessionDocument);

  const revoke = async (session: SessionFieldsFragment) => {
    const result = await revokeSession({ id: session.id });
    if (result.error || !result.data?.revokeSession) {
      notifications.show({ color: 'red', title: 'Could not end the session', message: actionError(result.error) });
      return;
    }
    notifications.show({ color: 'green', title: 'Session ended', message: 'That browser must sign in again.' });
    refetch({ requestPolicy: 'network-only' });
  };

  if (error) {
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title="Could not load your sessions">
        {errorMessage(error)}
      </Alert>
    );
  }
  if (!data) return fetching ? <Loader aria-label="Loading sessions" /> : null;
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table withTableBorder>
        <Table.Caption>Your sessions</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Signed in</Table.Th>
            <Table.Th>Last seen</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>IP address</Table.Th>
            <Table.Th>Browser</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.viewer.sessions.map((session) => (
            <Table.Tr key={session.id}>
              <Table.Td>
                <When value={session.createTime} />
              </Table.Td>
              <Table.Td>
                <When value={session.lastSeenAt} />
              </Table.Td>
              <Table.Td>
                <When value={session.expiresAt} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {session.ip || 'unknown'}
                </Text>
              </Table.Td>
              <Table.Td maw={320}>
                <Text size="sm" lineClamp={2} title={session.userAgent ?? undefined}>
                  {session.userAgent || 'unknown'}
                </Text>
              </Table.Td>
              <Table.Td>
                {session.current ? (
                  <Badge variant="light">This browser</Badge>
                ) : (
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    loading={revoking.fetching && revoking.operation?.variables.id === session.id}
                    onClick={() => revoke(session)}
                  >
                    Revoke
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
