import { Alert, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useQuery } from 'urql';
import { SystemTaskDocument } from '../../gql/graphql';
import { RestoreSteps } from './RestoreSteps';
import { SystemTaskCard } from './SystemTaskCard';

/**
 * SystemBackupSettings is the System Backup tab: the scheduled snapshot of DBackup's own database,
 * and how to restore one, which needs the same ENCRYPTION_KEY.
 */
export function SystemBackupSettings() {
  return (
    <Stack gap="lg">
      <SystemTaskCard
        kind="SYSTEM_BACKUP"
        title="System Backup"
        description="Stores a consistent snapshot of DBackup's own database (configuration, run history, audit log and backup records) on a destination on a schedule, encrypted with an encryption profile."
        steps={false}
      />
      <RestoreInstructions />
    </Stack>
  );
}

/** RestoreInstructions lists the server's steps to restore a System Backup, with the key it needs. */
function RestoreInstructions() {
  // The System Backup card above reads the same task and says when it cannot be loaded.
  const [{ data, fetching }] = useQuery({ query: SystemTaskDocument, variables: { kind: 'SYSTEM_BACKUP' } });
  const steps = data?.systemTask.restoreSteps ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-label="Restoring a System Backup">
      <Stack gap="sm">
        <Title order={4}>Restoring a System Backup</Title>
        <Alert color="orange" icon={<IconKey />} title="Keep the ENCRYPTION_KEY with the backups">
          A restored database opens only with the same ENCRYPTION_KEY that this instance runs with. Start the restored
          instance with any other key and its key check reports a mismatch, and no stored secret can be read. Keep a
          copy of the key somewhere other than the backups.
        </Alert>
        {fetching && !data && <Loader size="sm" aria-label="Loading the restore steps" />}
        {steps.length > 0 ? (
          <RestoreSteps steps={steps} label="How to restore a System Backup" />
        ) : (
          data && (
            <Text size="sm" c="dimmed">
              The server lists no restore steps.
            </Text>
          )
        )}
      </Stack>
    </Paper>
  );
}
