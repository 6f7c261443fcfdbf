import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { ConfirmDialog } from '../admin/ConfirmDialog';
import type { AlertContent } from '../admin/ErrorAlert';
import { alertOf } from '../admin/serverErrors';
import { type ProfileRowFragment, RevealProfileKeyDocument } from '../gql/graphql';
import { KeyId } from '../vault/KeyId';

export interface RevealKeyDialogProps {
  profile: ProfileRowFragment;
  onClose(): void;
}

/**
 * RevealKeyDialog asks before revealing a profile's key, since each reveal is audited, and then
 * shows the key with a button that copies it. The key lives only in this component's state: it
 * is gone when the dialog closes and never enters urql's cache, which keeps no mutation results.
 */
export function RevealKeyDialog({ profile, onClose }: RevealKeyDialogProps) {
  const [{ fetching }, reveal] = useMutation(RevealProfileKeyDocument);
  const [error, setError] = useState<AlertContent>();
  const [key, setKey] = useState<{ keyId: string; key: string }>();

  const confirm = async () => {
    setError(undefined);
    const result = await reveal({ id: profile.id });
    if (result.error || !result.data) {
      setError(result.error ? alertOf(result.error, 'Could not reveal the key') : undefined);
      return;
    }
    setKey(result.data.revealEncryptionProfileKey);
  };

  if (!key) {
    return (
      <ConfirmDialog
        opened
        title={`Reveal the key of ${profile.name}?`}
        confirmLabel="Reveal key"
        busy={fetching}
        error={error}
        onConfirm={confirm}
        onClose={onClose}
      >
        Anyone with this key can decrypt every backup of {profile.name}. The reveal is recorded in the audit log with
        your name, address and the time. Reveal it only to store it offline, such as in a password manager or a printed
        Recovery Kit.
      </ConfirmDialog>
    );
  }

  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': 'Close' }}
      onClose={onClose}
      title={`Key of ${profile.name}`}
      size="lg"
      closeOnClickOutside={false}
      centered
    >
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle />} title="Keep this key secret">
          It decrypts every backup of this profile. Store it offline; it disappears from this page when you close the
          dialog.
        </Alert>
        <Text size="sm">
          Key id <KeyId value={key.keyId} />
        </Text>
        <Code block data-testid="revealed-key" style={{ wordBreak: 'break-all' }}>
          {key.key}
        </Code>
        <Group justify="flex-end">
          <CopyButton value={key.key}>
            {({ copied, copy }) => (
              <Button
                variant="light"
                color={copied ? 'teal' : undefined}
                leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                onClick={copy}
              >
                {copied ? 'Copied' : 'Copy key'}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
