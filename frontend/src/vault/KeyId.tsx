import { ActionIcon, Code, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { isKeyId } from './keyId';

export interface KeyIdProps {
  value: string;
  /** withCopy adds a button that copies the key id to the clipboard. */
  withCopy?: boolean;
}

/**
 * KeyId shows a key id in monospace. Anything that is not a key id is replaced by a note, so a
 * server bug can never put key material on screen through this component.
 */
export function KeyId({ value, withCopy = false }: KeyIdProps) {
  if (!isKeyId(value)) {
    return (
      <Text span fs="italic" c="dimmed">
        invalid key id
      </Text>
    );
  }
  if (!withCopy) return <Code>{value}</Code>;
  return (
    <Group component="span" gap={4} wrap="nowrap" display="inline-flex">
      <Code>{value}</Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy key id'}>
            <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label="Copy key id">
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/** KeyIdList shows key ids separated by commas, or "none". */
export function KeyIdList({ values }: { values: readonly string[] }) {
  if (values.length === 0) return <Text span>none</Text>;
  return values.map((id, i) => (
    <span key={id}>
      {i > 0 && ', '}
      <KeyId value={id} />
    </span>
  ));
}
