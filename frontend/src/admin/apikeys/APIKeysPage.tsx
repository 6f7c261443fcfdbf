import { Button, Group, Loader, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useQuery } from 'urql';
import { ApiKeyListDocument, type ApiKeyRowFragment } from '../../gql/graphql';
import { SectionPage } from '../../pages/SectionPage';
import type { Section } from '../../sections';
import { ErrorAlert } from '../ErrorAlert';
import { ListLimitNote } from '../ListLimitNote';
import { listLimit, nodes } from '../lists';
import { alertOf } from '../serverErrors';
import { usePermissions } from '../usePermissions';
import { APIKeysTable } from './APIKeysTable';
import { newestFirst } from './apiKeyState';
import { type CreatedKey, CreateAPIKeyModal } from './CreateAPIKeyModal';
import { NewKeyModal } from './NewKeyModal';
import { RevokeAPIKeyDialog } from './RevokeAPIKeyDialog';

type Dialog = { kind: 'create' } | { kind: 'created'; key: CreatedKey } | { kind: 'revoke'; apiKey: ApiKeyRowFragment };

/**
 * APIKeysPage lists the viewer's own API keys and lets them create and revoke keys. A new key
 * is shown once, right after it is created, and is gone when its dialog closes.
 */
export function APIKeysPage({ section }: { section: Section }) {
  const { viewerId, permissions, can } = usePermissions();
  const canWrite = can('apikeys:write');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ApiKeyListDocument,
    variables: { owner: viewerId, first: listLimit },
  });
  const [dialog, setDialog] = useState<Dialog>();
  const keys = newestFirst(nodes(data?.apiKeys));

  const close = useCallback(() => setDialog(undefined), []);
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const created = useCallback(
    (key: CreatedKey) => {
      setDialog({ kind: 'created', key });
      refetch();
    },
    [refetch],
  );
  const revoked = useCallback(() => {
    setDialog(undefined);
    refetch();
  }, [refetch]);

  return (
    <SectionPage section={section}>
      <Group justify="space-between">
        <Text size="sm">
          Your keys act as you, limited to their scopes. Scripts send them as <code>Authorization: Bearer</code>.
        </Text>
        {canWrite && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'create' })}>
            New API key
          </Button>
        )}
      </Group>
      {fetching && !data && <Loader aria-label="Loading the API keys" />}
      <ErrorAlert error={error && alertOf(error, 'Could not load the API keys')} />
      {data &&
        (keys.length === 0 ? (
          <Text c="dimmed">You have no API keys.</Text>
        ) : (
          <>
            <APIKeysTable
              keys={keys}
              now={new Date()}
              canWrite={canWrite}
              onRevoke={(apiKey) => setDialog({ kind: 'revoke', apiKey })}
            />
            <ListLimitNote shown={keys.length} total={data.apiKeys.totalCount} noun="keys" />
          </>
        ))}
      {dialog?.kind === 'create' && (
        <CreateAPIKeyModal ownPermissions={permissions} onClose={close} onCreated={created} />
      )}
      {dialog?.kind === 'created' && <NewKeyModal name={dialog.key.name} secret={dialog.key.secret} onClose={close} />}
      {dialog?.kind === 'revoke' && <RevokeAPIKeyDialog apiKey={dialog.apiKey} onClose={close} onDone={revoked} />}
    </SectionPage>
  );
}
