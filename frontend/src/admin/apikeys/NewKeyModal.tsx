import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';

export interface NewKeyModalProps {
  /** name is the new key's name. */
  name: string;
  /** secret is the key itself, as createAPIKey returned it: the only time it is known. */
  secret: string;
  onClose(): void;
}

/**
 * NewKeyModal shows a new API key once, with a button to copy it. Closing it forgets the key:
 * the server stores only a hash, so it cannot be shown again.
 */
export function NewKeyModal({ name, secret, onClose }: NewKeyModalProps) {
  return (
    <Modal
      opened
      closeButtonProps={{ 'aria-label': 'Close' }}
      onClose={onClose}
      title={`API key ${name} created`}
      size="lg"
      closeOnClickOutside={false}
      centered
    >
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle />} title="Copy the key now">
          This key will not be shown again. Store it somewhere safe, such as a password manager or your CI&apos;s
          secrets; if it is lost, revoke it and create a new one.
        </Alert>
        <Code block data-testid="new-api-key" style={{ wordBreak: 'break-all' }}>
          {secret}
        </Code>
        <Text size="sm" c="dimmed">
          Send it as the header <Code>Authorization: Bearer &lt;key&gt;</Code>.
        </Text>
        <Group justify="flex-end">
          <CopyButton value={secret}>
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
