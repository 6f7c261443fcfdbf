import { Stack } from '@mantine/core';
import { usePermissions } from '../../admin/usePermissions';
import { SystemTaskCard } from '../systembackup/SystemTaskCard';
import { ExportCard } from './ExportCard';
import { ImportCard } from './ImportCard';

/**
 * ConfigBackupSettings is the Config Backup tab: exporting the configuration to a file, importing
 * such a file, and the scheduled Config Backup that stores one on a destination.
 */
export function ConfigBackupSettings() {
  const { can } = usePermissions();
  return (
    <Stack gap="lg">
      <ExportCard canReveal={can('vault:reveal')} />
      <ImportCard canWrite={can('settings:write')} />
      <SystemTaskCard
        kind="CONFIG_BACKUP"
        title="Scheduled Config Backup"
        description="Stores the whole configuration, secrets included, on a destination on a schedule. The secrets are sealed under the encryption profile's key, so no passphrase is needed: import one from the destination's backup list."
      />
    </Stack>
  );
}
