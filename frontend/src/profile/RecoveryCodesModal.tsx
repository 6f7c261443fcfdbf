import { Button, Checkbox, Code, CopyButton, Group, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';

export interface RecoveryCodesModalProps {
  /** codes are the recovery codes to show; the modal is open while they are set. */
  codes?: readonly string[];
  /** onDone is called once the user confirms they stored the codes; the caller then drops them. */
  onDone(): void;
}

/**
 * RecoveryCodesModal shows the recovery codes of a new two-factor enrolment. The server hands
 * them out only this once, so the modal cannot be dismissed by a stray click or Escape: it
 * closes only after the user confirms they stored the codes.
 */
export function RecoveryCodesModal({ codes, onDone }: RecoveryCodesModalProps) {
  const [stored, setStored] = useState(false);
  const done = () => {
    setStored(false);
    onDone();
  };
  return (
    <Modal
      opened={codes !== undefined}
      onClose={() => {}}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      title="Save your recovery codes"
      centered
    >
      <Stack>
        <Text size="sm">
          Two-factor authentication is on. If your authenticator app is ever lost, each of these codes signs you in once
          in place of a code from the app. They are shown only now: store them in a password manager or print them.
        </Text>
        <SimpleGrid cols={2} spacing="xs" aria-label="Recovery codes" role="list">
          {codes?.map((code) => (
            <Code key={code} role="listitem" fz="md">
              {code}
            </Code>
          ))}
        </SimpleGrid>
        <CopyButton value={codes?.join('\n') ?? ''}>
          {({ copied, copy }) => (
            <Button
              variant="light"
              color={copied ? 'teal' : undefined}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
            >
              {copied ? 'Copied' : 'Copy codes'}
            </Button>
          )}
        </CopyButton>
        <Checkbox
          label="I stored these codes somewhere safe"
          checked={stored}
          onChange={(e) => setStored(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button onClick={done} disabled={!stored}>
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
