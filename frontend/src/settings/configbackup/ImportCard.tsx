import {
  Alert,
  Button,
  FileInput,
  Group,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconCheck, IconFileImport, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { type AlertContent, ErrorAlert } from '../../admin/ErrorAlert';
import { type ConfigImportPlanFieldsFragment, type ConfigImportPolicy, ImportConfigDocument } from '../../gql/graphql';
import { ImportPlan, planSummary } from './ImportPlan';
import { fileErrorTitles, importErrors, missingPassphraseTitle } from './importOptions';
import { ImportPolicySelect } from './ImportPolicySelect';

/** SelectedFile is the chosen file's text and what its header says about its secrets. */
interface SelectedFile {
  file: File;
  content: string;
  /** sealed is true when the file says its secrets are sealed under a passphrase. */
  sealed: boolean;
}

/** sealedSecrets reads the file's "secrets" member; a file that is not JSON is left to the server to refuse. */
export function sealedSecrets(content: string): boolean {
  try {
    const doc: unknown = JSON.parse(content);
    return typeof doc === 'object' && doc !== null && (doc as { secrets?: unknown }).secrets === 'sealed';
  } catch {
    return false;
  }
}

/**
 * ImportCard imports an exported configuration file: it reads the file in the browser, shows what
 * the import would change (a dry run on the server), and imports it in one transaction on request.
 */
export function ImportCard({ canWrite }: { canWrite: boolean }) {
  const [selected, setSelected] = useState<SelectedFile>();
  const [passphrase, setPassphrase] = useState('');
  const [policy, setPolicy] = useState<ConfigImportPolicy>('SKIP');
  const [preview, setPreview] = useState<ConfigImportPlanFieldsFragment>();
  const [applied, setApplied] = useState<ConfigImportPlanFieldsFragment>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [alert, setAlert] = useState<AlertContent>();
  const [{ fetching }, importConfig] = useMutation(ImportConfigDocument);
  const [running, setRunning] = useState<'preview' | 'import'>();

  // Any change of the inputs makes an earlier preview stale, so Import needs a new one.
  const reset = () => {
    setPreview(undefined);
    setApplied(undefined);
    setAlert(undefined);
    setFieldErrors({});
  };

  const choose = async (file: File | null) => {
    reset();
    if (!file) {
      setSelected(undefined);
      return;
    }
    const content = await file.text();
    setSelected({ file, content, sealed: sealedSecrets(content) });
  };

  const run = async (dryRun: boolean) => {
    if (!selected) {
      setFieldErrors({ content: 'Choose a file exported by DBackup.' });
      return;
    }
    setAlert(undefined);
    setFieldErrors({});
    setRunning(dryRun ? 'preview' : 'import');
    const result = await importConfig({
      input: { content: selected.content, passphrase: passphrase || null, policy, dryRun },
    });
    setRunning(undefined);
    const plan = result.data?.importConfig;
    if (result.error || !plan) {
      if (result.error) {
        const titles = passphrase
          ? fileErrorTitles
          : { ...fileErrorTitles, CONFIG_OPEN_FAILED: missingPassphraseTitle };
        const errors = importErrors(
          result.error,
          ['content', 'passphrase', 'policy'],
          dryRun ? 'Could not preview the import' : 'Could not import the configuration',
          titles,
        );
        setFieldErrors(errors.fields);
        setAlert(errors.alert);
      }
      return;
    }
    if (dryRun) {
      setPreview(plan);
    } else {
      setPreview(undefined);
      setApplied(plan);
    }
  };

  if (!canWrite) {
    return (
      <Paper withBorder p="md" component="section" aria-label="Import">
        <Stack gap="xs">
          <Title order={4}>Import</Title>
          <Text size="sm" c="dimmed">
            Importing a configuration needs the settings:write permission, which you do not have.
          </Text>
        </Stack>
      </Paper>
    );
  }

  return (
    <Paper withBorder p="md" component="section" aria-label="Import">
      <Stack gap="sm">
        <Title order={4}>Import</Title>
        <Text size="sm" c="dimmed">
          Import a file exported by DBackup, here or on another instance. Preview first: it shows what the import would
          change and writes nothing. The import itself happens in one step, and a wrong passphrase or a modified file
          writes nothing at all.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <FileInput
            label="Configuration file"
            description="A .json file from Export or from a scheduled Config Backup download."
            placeholder="Choose a file"
            accept="application/json,.json"
            clearable
            value={selected?.file ?? null}
            onChange={(file) => void choose(file)}
            error={fieldErrors.content}
          />
          <PasswordInput
            label="Passphrase"
            description={
              selected?.sealed
                ? 'This file holds sealed secrets: enter the passphrase it was exported with.'
                : 'Only needed when the file was exported with secrets.'
            }
            autoComplete="off"
            value={passphrase}
            onChange={(e) => {
              reset();
              setPassphrase(e.currentTarget.value);
            }}
            error={fieldErrors.passphrase}
          />
        </SimpleGrid>
        <ImportPolicySelect
          value={policy}
          onChange={(next) => {
            reset();
            setPolicy(next);
          }}
          error={fieldErrors.policy}
          maw={420}
        />
        <ErrorAlert error={alert} />
        <Group>
          <Button
            variant="default"
            leftSection={<IconSearch size={16} />}
            loading={fetching && running === 'preview'}
            disabled={fetching && running === 'import'}
            onClick={() => void run(true)}
          >
            Preview
          </Button>
          {preview && (
            <Button
              leftSection={<IconFileImport size={16} />}
              loading={fetching && running === 'import'}
              disabled={fetching && running === 'preview'}
              onClick={() => void run(false)}
            >
              Import
            </Button>
          )}
        </Group>
        {preview && <ImportPlan plan={preview} />}
        {applied && <ImportDone plan={applied} />}
      </Stack>
    </Paper>
  );
}

/** ImportDone says what an import did, with the same table as its preview. */
export function ImportDone({ plan }: { plan: ConfigImportPlanFieldsFragment }) {
  return (
    <Stack gap="sm">
      <Alert color="green" icon={<IconCheck />} title="Configuration imported">
        {planSummary(plan)}
      </Alert>
      <ImportPlan plan={plan} summary={false} />
    </Stack>
  );
}
