import { Button, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { IconFileImport, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { type AlertContent, ErrorAlert } from '../admin/ErrorAlert';
import {
  type BackupRowFragment,
  type ConfigImportPlanFieldsFragment,
  type ConfigImportPolicy,
  ImportConfigBackupDocument,
} from '../gql/graphql';
import { ImportDone } from '../settings/configbackup/ImportCard';
import { ImportPlan } from '../settings/configbackup/ImportPlan';
import { importErrors, storedErrorTitles } from '../settings/configbackup/importOptions';
import { ImportPolicySelect } from '../settings/configbackup/ImportPolicySelect';

/** configBackupEngine is the engine a stored Config Backup's sidecar names. */
export const configBackupEngine = 'dbackup-config';

/**
 * ImportConfigDialog imports a stored Config Backup into this instance: it previews what the
 * import would change, then imports it. The server opens the backup with the instance's profile
 * keys, so no passphrase is asked for.
 */
export function ImportConfigDialog({ backup, onClose }: { backup: BackupRowFragment; onClose(): void }) {
  const [policy, setPolicy] = useState<ConfigImportPolicy>('SKIP');
  const [preview, setPreview] = useState<ConfigImportPlanFieldsFragment>();
  const [applied, setApplied] = useState<ConfigImportPlanFieldsFragment>();
  const [alert, setAlert] = useState<AlertContent>();
  const [running, setRunning] = useState<'preview' | 'import'>();
  const [, importConfigBackup] = useMutation(ImportConfigBackupDocument);

  const run = async (dryRun: boolean) => {
    setAlert(undefined);
    setRunning(dryRun ? 'preview' : 'import');
    const result = await importConfigBackup({ input: { backupId: backup.id, policy, dryRun } });
    setRunning(undefined);
    const plan = result.data?.importConfigBackup;
    if (result.error || !plan) {
      if (result.error) {
        const title = dryRun ? 'Could not preview the import' : 'Could not import the configuration';
        const errors = importErrors(result.error, [], title, storedErrorTitles);
        setAlert(errors.alert);
      }
      return;
    }
    if (dryRun) setPreview(plan);
    else {
      setPreview(undefined);
      setApplied(plan);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': 'Close' }}
      title="Import configuration"
      size="xl"
      centered
    >
      <Stack gap="sm">
        <Text size="sm">
          Import the configuration stored in <Code>{backup.objectKey}</Code> into this instance. Preview first: it shows
          what the import would change and writes nothing.
        </Text>
        <ImportPolicySelect
          value={policy}
          disabled={applied !== undefined}
          onChange={(next) => {
            setPreview(undefined);
            setAlert(undefined);
            setPolicy(next);
          }}
        />
        <ErrorAlert error={alert} />
        {preview && <ImportPlan plan={preview} />}
        {applied && <ImportDone plan={applied} />}
        <Group justify="flex-end">
          {applied ? (
            <Button onClick={onClose}>Done</Button>
          ) : (
            <>
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button
                variant={preview ? 'default' : 'filled'}
                leftSection={<IconSearch size={16} />}
                loading={running === 'preview'}
                disabled={running === 'import'}
                onClick={() => void run(true)}
              >
                Preview
              </Button>
              {preview && (
                <Button
                  leftSection={<IconFileImport size={16} />}
                  loading={running === 'import'}
                  disabled={running === 'preview'}
                  onClick={() => void run(false)}
                >
                  Import
                </Button>
              )}
            </>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
