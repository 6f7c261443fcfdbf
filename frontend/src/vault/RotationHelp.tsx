import { Code, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';

/** commands are the key commands of the dbackup binary, run on the DBackup host. */
const commands = `# Does the loaded key open the database's secrets?
dbackup key check

# Print a new random key; save it in a password manager.
dbackup key generate

# Re-seal every stored secret under the new key.
ENCRYPTION_KEY=<new key> ENCRYPTION_KEY_PREVIOUS=<old key> dbackup key rotate`;

/** RotationHelp explains how the system key is checked and rotated with the command line. */
export function RotationHelp() {
  const titleId = useId();
  return (
    <Stack component="section" aria-labelledby={titleId} gap="xs">
      <Title order={3} id={titleId}>
        Rotating the key
      </Title>
      <Text size="sm">
        The key is checked and rotated with the dbackup command on the DBackup host, not from this page. Generate a new
        key, then re-seal the stored secrets with the new key as ENCRYPTION_KEY and the old one as
        ENCRYPTION_KEY_PREVIOUS:
      </Text>
      <Code block>{commands}</Code>
      <Text size="sm">
        While both keys are loaded, secrets sealed with either one open, the state is Rotating and this page shows how
        many are under the new key. Once every secret is, drop ENCRYPTION_KEY_PREVIOUS and keep only the new key.
      </Text>
    </Stack>
  );
}
