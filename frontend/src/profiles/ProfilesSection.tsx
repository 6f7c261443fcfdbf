import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconLifebuoy, IconPlus } from '@tabler/icons-react';
import { useCallback, useId, useState } from 'react';
import { useQuery } from 'urql';
import { ErrorAlert } from '../admin/ErrorAlert';
import { ListLimitNote } from '../admin/ListLimitNote';
import { listLimit, nodes } from '../admin/lists';
import { alertOf } from '../admin/serverErrors';
import { useViewer } from '../auth/viewer';
import { ProfileListDocument, type ProfileRowFragment } from '../gql/graphql';
import { DeleteProfileDialog } from './DeleteProfileDialog';
import { ProfileFormModal } from './ProfileFormModal';
import { type ProfileAction, ProfilesTable } from './ProfilesTable';
import { RecoveryKitDialog } from './RecoveryKitDialog';
import { RevealKeyDialog } from './RevealKeyDialog';

type Dialog = { action: 'create' } | { action: 'kit' } | { action: ProfileAction; profile: ProfileRowFragment };

/**
 * ProfilesSection lists the encryption profiles, whose keys encrypt backup files, and lets a
 * viewer with vault:write create, rename and delete them and one with vault:reveal see a key or
 * download a Recovery Kit.
 */
export function ProfilesSection() {
  const titleId = useId();
  const { can } = useViewer();
  const canWrite = can('vault:write');
  const canReveal = can('vault:reveal');
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: ProfileListDocument,
    variables: { first: listLimit },
  });
  const [dialog, setDialog] = useState<Dialog>();
  const profiles = nodes(data?.encryptionProfiles);

  const close = useCallback(() => setDialog(undefined), []);
  const done = useCallback(() => {
    setDialog(undefined);
    reexecute({ requestPolicy: 'network-only' });
  }, [reexecute]);

  return (
    <Stack component="section" aria-labelledby={titleId} gap="sm">
      <Group justify="space-between">
        <Title order={3} id={titleId}>
          Encryption profiles
        </Title>
        <Group gap="xs">
          {canReveal && profiles.length > 0 && (
            <Button
              variant="default"
              leftSection={<IconLifebuoy size={16} />}
              onClick={() => setDialog({ action: 'kit' })}
            >
              Recovery Kit
            </Button>
          )}
          {canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ action: 'create' })}>
              New profile
            </Button>
          )}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        A profile&apos;s key encrypts the backups of the jobs that use it. Each backup names the key by its key id, so
        keep the key itself somewhere safe outside DBackup: without it, its backups cannot be restored.
      </Text>
      {fetching && !data && <Loader aria-label="Loading the encryption profiles" />}
      <ErrorAlert error={error && alertOf(error, 'Could not load the encryption profiles')} />
      {data &&
        (profiles.length === 0 ? (
          <Text c="dimmed">No encryption profiles yet; backups are written unencrypted until a job uses one.</Text>
        ) : (
          <>
            <ProfilesTable
              profiles={profiles}
              canWrite={canWrite}
              canReveal={canReveal}
              onAction={(action, profile) => setDialog({ action, profile })}
            />
            <ListLimitNote shown={profiles.length} total={data.encryptionProfiles.totalCount} noun="profiles" />
          </>
        ))}
      {dialog?.action === 'create' && <ProfileFormModal onClose={close} onSaved={done} />}
      {dialog?.action === 'edit' && <ProfileFormModal profile={dialog.profile} onClose={close} onSaved={done} />}
      {dialog?.action === 'reveal' && <RevealKeyDialog profile={dialog.profile} onClose={close} />}
      {dialog?.action === 'delete' && (
        <DeleteProfileDialog profile={dialog.profile} canReveal={canReveal} onClose={close} onDone={done} />
      )}
      {dialog?.action === 'kit' && <RecoveryKitDialog profiles={profiles} onClose={close} />}
    </Stack>
  );
}
