import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../admin/ErrorAlert';
import type { ProfileRowFragment } from '../gql/graphql';
import { KeyId } from '../vault/KeyId';
import { useRecoveryKit } from './useRecoveryKit';

export interface RecoveryKitDialogProps {
  profiles: readonly ProfileRowFragment[];
  onClose(): void;
}

/** severalProfilesWarning is said, prominently, before a kit holds more than one key. */
export const severalProfilesWarning =
  'A kit with several profiles opens every backup of all of them; anyone holding it can read them.';

/**
 * RecoveryKitDialog downloads a Recovery Kit: a ZIP with the keys of the chosen profiles, a
 * Node.js script that decrypts their backups without DBackup, and instructions. Choosing more
 * than one profile turns the warning red, since the kit then opens the backups of all of them.
 */
export function RecoveryKitDialog({ profiles, onClose }: RecoveryKitDialogProps) {
  const [chosen, setChosen] = useState<string[]>(() => (profiles.length === 1 ? [profiles[0]!.id] : []));
  const kit = useRecoveryKit();
  const several = chosen.length > 1;

  return (
    <Modal opened onClose={onClose} title="Download a Recovery Kit" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <Text size="sm">
          The kit is a ZIP with the keys of the chosen profiles, a Node.js script that decrypts their backups on any
          machine without DBackup, and a README. Keep it offline. The download is recorded in the audit log.
        </Text>
        <Checkbox.Group label="Profiles in the kit" value={chosen} onChange={setChosen}>
          <Stack gap="xs" mt="xs">
            {profiles.map((p) => (
              <Checkbox
                key={p.id}
                value={p.id}
                label={
                  <Group gap="xs" component="span">
                    {p.name} <KeyId value={p.keyID} />
                  </Group>
                }
                aria-label={p.name}
              />
            ))}
          </Stack>
        </Checkbox.Group>
        {several ? (
          <Alert color="red" variant="filled" icon={<IconAlertTriangle />} title="This kit opens several profiles">
            {severalProfilesWarning}
          </Alert>
        ) : (
          <Alert color="yellow" icon={<IconInfoCircle />}>
            Anyone holding the kit can read every backup of the chosen profile.
          </Alert>
        )}
        <ErrorAlert error={kit.error} />
        {kit.downloaded && (
          <Text size="sm" c="dimmed" role="status">
            The download has started.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {kit.downloaded ? 'Done' : 'Cancel'}
          </Button>
          <Button
            leftSection={<IconDownload size={16} />}
            disabled={chosen.length === 0}
            loading={kit.fetching}
            onClick={() => void kit.download(chosen)}
          >
            Download
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
