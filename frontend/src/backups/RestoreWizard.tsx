import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  List,
  Loader,
  Modal,
  Select,
  Stack,
  Stepper,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconChevronRight, IconHandStop, IconInfoTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { formatDateTime } from '../admin/DateTime';
import { ErrorAlert } from '../admin/ErrorAlert';
import { listLimit, nodes } from '../admin/lists';
import { alertOf } from '../admin/serverErrors';
import { executionPath } from '../executions/status';
import {
  type BackupRowFragment,
  RestoreBackupDocument,
  RestoreCheckDocument,
  RestoreTargetsDocument,
} from '../gql/graphql';
import {
  type MappingRow,
  initialMapping,
  mappingErrors,
  mappingInput,
  restored,
  restoresIntoFile,
  restoreTargets,
} from './restoreMapping';
import { ManualSteps } from './ManualSteps';
import { restoreMethodText } from './restoreMethod';

export interface RestoreWizardProps {
  backup: BackupRowFragment;
  /** destinationName names where the backup is stored, for the summary. */
  destinationName: string;
  onClose(): void;
}

/**
 * RestoreWizard restores a backup in three steps: the target source (of the backup's engine),
 * which database goes where, and a confirmation that the targets' contents will be replaced,
 * with the server versions of both sides and the server's warnings. It then starts the restore
 * and opens its live view. A SQLite backup has no mapping: it goes into the target's own file.
 */
export function RestoreWizard({ backup, destinationName, onClose }: RestoreWizardProps) {
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [targetId, setTargetId] = useState<string | null>(null);
  const [rows, setRows] = useState<MappingRow[]>(() => initialMapping(backup.databases, backup.engine));
  const [sources] = useQuery({ query: RestoreTargetsDocument, variables: { first: listLimit } });
  const [restoring, restore] = useMutation(RestoreBackupDocument);
  // Asked on the confirm step only, afresh each time: the target server may have changed.
  const [check] = useQuery({
    query: RestoreCheckDocument,
    variables: { backup: backup.id, targetSource: targetId ?? '' },
    pause: step !== 2 || !targetId,
    requestPolicy: 'network-only',
  });
  const [error, setError] = useState<{ title: string; message: string }>();

  const targets = restoreTargets(nodes(sources.data?.sources), backup.engine);
  const target = targets.find((s) => s.id === targetId);
  // A SQLite backup always goes into the target source's configured file; the server refuses other paths.
  const intoFile = restoresIntoFile(backup.engine);
  const targetFile = target?.database ?? null;
  const errors = intoFile ? {} : mappingErrors(rows);
  const mappingOK = Object.keys(errors).length === 0;
  const replaced: MappingRow[] = intoFile
    ? targetFile
      ? [{ from: backup.databases?.[0] ?? targetFile, to: targetFile }]
      : []
    : restored(rows);
  const checked = check.data?.restoreCheck;
  const targetName = target?.name ?? 'the target';
  // MANUAL: the server leaves a Redis not marked replaceable alone, so there is nothing to confirm.
  const manual = checked?.method === 'MANUAL';
  const setTo = (index: number, to: string) => setRows(rows.map((row, i) => (i === index ? { ...row, to } : row)));

  const start = async () => {
    if (!target) return;
    setError(undefined);
    const result = await restore({
      backup: backup.id,
      targetSource: target.id,
      databaseMapping: mappingInput(rows, backup.engine),
    });
    if (result.error || !result.data) {
      setError(result.error ? alertOf(result.error, 'Could not start the restore') : undefined);
      return;
    }
    navigate(executionPath(result.data.restoreBackup.id));
  };

  return (
    <Modal opened onClose={onClose} title="Restore backup" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <Text size="sm" c="dimmed">
          {backup.jobName ?? 'Backup'} of {formatDateTime(backup.createdAt)} on {destinationName} ({backup.engine})
        </Text>
        <Stepper active={step} size="sm" allowNextStepsSelect={false} onStepClick={setStep}>
          <Stepper.Step label="Target" description="Source to restore into">
            <Stack mt="md">
              {sources.fetching && !sources.data && <Loader size="sm" aria-label="Loading the sources" />}
              <ErrorAlert error={sources.error && alertOf(sources.error, 'Could not load the sources')} />
              {sources.data && targets.length === 0 && (
                <Text size="sm" c="dimmed">
                  No source uses a {backup.engine} server. Add the database to restore into on the Sources page first.
                </Text>
              )}
              {targets.length > 0 && (
                <Select
                  label="Restore into"
                  description={`Sources of a compatible engine (${backup.engine}${backup.engine === 'mysql' || backup.engine === 'mariadb' ? ', MySQL and MariaDB restore into each other' : ''})`}
                  placeholder="Choose a source"
                  data={targets.map((s) => ({ value: s.id, label: `${s.name} (${s.engine})` }))}
                  value={targetId}
                  onChange={setTargetId}
                  searchable
                />
              )}
              {target && (
                <Text size="xs" c="dimmed" ff="monospace">
                  {[target.host && `${target.host}${target.port ? `:${target.port}` : ''}`, target.database]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              )}
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Databases" description="What goes where">
            <Stack mt="md">
              {intoFile ? (
                <Text size="sm">
                  Restores into {targetFile ? <Code>{targetFile}</Code> : 'the file'} configured on{' '}
                  {target?.name ?? 'the target source'}: a SQLite backup always goes into its target source's own
                  file. To restore into another file, add a source for that file first.
                </Text>
              ) : rows.length === 0 ? (
                <Text size="sm">This backup lists no databases: it is restored whole.</Text>
              ) : (
                <>
                  <Text size="sm" c="dimmed">
                    Each database of the backup is restored under the name on its right. Clear a name to skip that
                    database.
                  </Text>
                  <Table aria-label="Database mapping" verticalSpacing="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>In the backup</Table.Th>
                        <Table.Th>Restore into</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((row, i) => (
                        <Table.Tr key={row.from}>
                          <Table.Td>
                            <Text size="sm" ff="monospace">
                              {row.from}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <TextInput
                              aria-label={`Restore ${row.from} into`}
                              placeholder="skip"
                              value={row.to}
                              error={errors[i]}
                              onChange={(e) => setTo(i, e.currentTarget.value)}
                            />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                  {errors[-1] && (
                    <Text size="sm" c="red" role="alert">
                      {errors[-1]}
                    </Text>
                  )}
                </>
              )}
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Confirm" description="Replace the contents">
            <Stack mt="md">
              {check.fetching && !checked && (
                <Group gap="xs">
                  <Loader size="xs" aria-label="Checking the target" />
                  <Text size="sm" c="dimmed">
                    Comparing the backup with {target?.name ?? 'the target'}…
                  </Text>
                </Group>
              )}
              <ErrorAlert error={check.error && alertOf(check.error, 'Could not check the target')} />
              {checked && (
                <Table aria-label="Server versions" verticalSpacing={4} withRowBorders={false}>
                  <Table.Tbody>
                    <Table.Tr>
                      <Table.Th>Backup</Table.Th>
                      <Table.Td>
                        {backup.engine} {checked.backupVersion ?? backup.serverVersion ?? 'version unknown'}
                      </Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th>{target?.name ?? 'Target'}</Table.Th>
                      <Table.Td>
                        {target?.engine}{' '}
                        {checked.targetVersion ?? (
                          <Text span size="sm" c="dimmed">
                            version unknown: the server could not be reached
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
              )}
              {checked && checked.warnings.length > 0 && (
                <Alert color="yellow" icon={<IconInfoTriangle />} title="Before you restore">
                  <List size="sm" aria-label="Restore warnings">
                    {checked.warnings.map((warning) => (
                      <List.Item key={warning}>{warning}</List.Item>
                    ))}
                  </List>
                </Alert>
              )}
              {manual && checked ? (
                <Alert color="gray" icon={<IconHandStop />} title={restoreMethodText('MANUAL', targetName)}>
                  <Stack gap="xs">
                    <Text size="sm">
                      DBackup does not touch {targetName}. To restore this backup by hand:
                    </Text>
                    <ManualSteps steps={checked.manualSteps} label="Steps to restore by hand" />
                    <Text size="sm">
                      To restore automatically instead, mark {targetName} replaceable in its settings on the{' '}
                      <Anchor component={Link} to="/sources" size="sm">
                        Sources
                      </Anchor>{' '}
                      page.
                    </Text>
                  </Stack>
                </Alert>
              ) : (
                <Alert color="orange" icon={<IconAlertTriangle />} title="The target databases' contents will be replaced">
                  {checked?.method && (
                    <Text size="sm" fw={500} mb={4} data-testid="restore-method">
                      {restoreMethodText(checked.method, targetName)}.
                    </Text>
                  )}
                  <Text size="sm">
                    Restoring into <b>{target?.name}</b> replaces the current contents of{' '}
                    {replaced.length > 0 ? 'these databases' : 'the database'} with the backup. This cannot be undone.
                  </Text>
                  {replaced.length > 0 && (
                    <List size="sm" mt="xs" aria-label="Databases replaced">
                      {replaced.map((row) => (
                        <List.Item key={row.from}>
                          <Text span ff="monospace" size="sm">
                            {row.to}
                          </Text>
                          {row.to !== row.from && (
                            <Text span size="sm" c="dimmed">
                              {' '}
                              from {row.from}
                            </Text>
                          )}
                        </List.Item>
                      ))}
                    </List>
                  )}
                </Alert>
              )}
              {checked?.method === 'FLUSH_AND_REPLAY' && checked.manualSteps.length > 0 && (
                <ByHand steps={checked.manualSteps} />
              )}
              <Text size="sm" c="dimmed">
                The backup is verified completely (its SHA-256 checksum
                {backup.encrypted ? ', and every chunk decrypted and authenticated' : ''})
                before anything is replaced.
              </Text>
              <ErrorAlert error={error} />
            </Stack>
          </Stepper.Step>
        </Stepper>
        <Group justify="space-between">
          <Button variant="default" onClick={step === 0 ? onClose : () => setStep(step - 1)} disabled={restoring.fetching}>
            {step === 0 ? 'Cancel' : 'Back'}
          </Button>
          {step === 0 && (
            <Button onClick={() => setStep(1)} disabled={!target}>
              Next
            </Button>
          )}
          {step === 1 && (
            <Button onClick={() => setStep(2)} disabled={!mappingOK}>
              Next
            </Button>
          )}
          {step === 2 && (
            <Button color="red" onClick={start} loading={restoring.fetching} disabled={manual}>
              Replace and restore
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}

/** ByHand is the collapsed alternative to an automatic Redis restore: the steps to do it by hand. */
function ByHand({ steps }: { steps: readonly string[] }) {
  const [opened, setOpened] = useState(false);
  return (
    <Stack gap={4}>
      <Group>
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={opened ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          aria-expanded={opened}
          onClick={() => setOpened(!opened)}
        >
          Restore by hand instead
        </Button>
      </Group>
      {opened && <ManualSteps steps={steps} label="Steps to restore by hand" />}
    </Stack>
  );
}
