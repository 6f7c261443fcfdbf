import { Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorAlert } from '../../admin/ErrorAlert';
import { ListLimitNote } from '../../admin/ListLimitNote';
import { listLimit, nodes } from '../../admin/lists';
import { alertOf } from '../../admin/serverErrors';
import { usePermissions } from '../../admin/usePermissions';
import { DeleteDialog } from '../../forms/DeleteDialog';
import { DeleteSsoProviderDocument, SsoProviderListDocument, type SsoProviderRowFragment } from '../../gql/graphql';
import { PasswordSignInCard } from './PasswordSignInCard';
import { SSOProviderFormModal } from './SSOProviderFormModal';
import { type ProviderAction, SSOProvidersTable } from './SSOProvidersTable';

type Dialog =
  | { action: 'create' }
  | { action: 'edit'; provider: SsoProviderRowFragment; created?: boolean }
  | { action: 'delete'; provider: SsoProviderRowFragment };

/**
 * SSOSettings is the Settings page's single-sign-on tab: the OpenID Connect providers people
 * sign in with (sso:read to see them, sso:write to change them), and whether everyone may still
 * sign in with a password (settings:write to change it).
 */
export function SSOSettings() {
  const { can } = usePermissions();
  const canWrite = can('sso:write');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: SsoProviderListDocument,
    variables: { first: listLimit },
  });
  const [removed, deleteProvider] = useMutation(DeleteSsoProviderDocument);
  const [dialog, setDialog] = useState<Dialog>();
  const providers = nodes(data?.ssoProviders);

  const close = useCallback(() => setDialog(undefined), []);
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const act = (action: ProviderAction, provider: SsoProviderRowFragment) => setDialog({ action, provider });
  const saved = (provider: SsoProviderRowFragment) => {
    refresh();
    // A new provider's redirect URI exists only now; the form stays open to show it.
    setDialog(dialog?.action === 'create' ? { action: 'edit', provider, created: true } : undefined);
  };

  return (
    <Stack gap="lg">
      <Paper withBorder p="md" component="section" aria-label="Identity providers">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={4}>Identity providers</Title>
            {canWrite && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ action: 'create' })}>
                New provider
              </Button>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            Each enabled provider adds a “Sign in with …” button to the sign-in page. People sign in with their account
            at an OpenID Connect provider such as Keycloak, Authentik or Authelia.
          </Text>
          {fetching && !data && <Loader aria-label="Loading the providers" />}
          <ErrorAlert error={error && alertOf(error, 'Could not load the providers')} />
          {data &&
            (providers.length === 0 ? (
              <Text c="dimmed">
                No providers yet.{canWrite && ' Add one with New provider to offer single sign-on.'}
              </Text>
            ) : (
              <>
                <SSOProvidersTable providers={providers} canWrite={canWrite} onAction={act} />
                <ListLimitNote shown={providers.length} total={data.ssoProviders.totalCount} noun="providers" />
              </>
            ))}
        </Stack>
      </Paper>
      <PasswordSignInCard canWrite={can('settings:write')} />
      {dialog?.action === 'create' && <SSOProviderFormModal onClose={close} onSaved={saved} />}
      {dialog?.action === 'edit' && (
        <SSOProviderFormModal
          key={dialog.provider.id}
          provider={dialog.provider}
          created={dialog.created}
          onClose={close}
          onSaved={saved}
        />
      )}
      {dialog?.action === 'delete' && (
        <DeleteDialog
          noun="provider"
          name={dialog.provider.name}
          busy={removed.fetching}
          remove={() => deleteProvider({ id: dialog.provider.id })}
          onClose={close}
          onDone={() => {
            close();
            refresh();
          }}
        >
          The provider’s button disappears from the sign-in page and its stored client secret is deleted. Users who
          signed in with it keep their DBackup accounts, but they can no longer sign in this way.
        </DeleteDialog>
      )}
    </Stack>
  );
}
