import {
  ActionIcon,
  Alert,
  Anchor,
  Code,
  CopyButton,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { IconAlertTriangle, IconArrowLeft, IconCheck, IconCopy, IconPlayerStop } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { DateTime } from '../admin/DateTime';
import { ErrorAlert } from '../admin/ErrorAlert';
import { alertOf } from '../admin/serverErrors';
import { useViewer } from '../auth/viewer';
import type { ExecutionDetailFragment } from '../gql/graphql';
import { formatBytes } from '../lib/bytes';
import { CancelExecutionButton } from './CancelExecutionButton';
import { ExecutionLog } from './ExecutionLog';
import { ExecutionStatusBadge } from './ExecutionStatusBadge';
import { cancelPermission, formatDuration, isActive, kindLabels, triggerLabels } from './status';
import { TargetProgress } from './TargetProgress';
import { useExecution } from './useExecution';

/** historyPath is the History section, which lists every run. */
export const historyPath = '/executions';

/** ExecutionPage follows one backup or restore live at /executions/:id. */
export function ExecutionPage() {
  const { id = '' } = useParams();
  const { execution, fetching, error, refetch } = useExecution(id);
  return (
    <Stack gap="md">
      <Anchor component={Link} to={historyPath} size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          History
        </Group>
      </Anchor>
      {fetching && <Loader aria-label="Loading the run" />}
      <ErrorAlert error={error && alertOf(error, 'Could not load the run')} />
      {execution === null && (
        <>
          <Title order={2}>Run not found</Title>
          <Text c="dimmed">
            There is no run <Code>{id}</Code>. It may have been removed with its history.
          </Text>
        </>
      )}
      {execution && <ExecutionView execution={execution} onCancelled={refetch} />}
    </Stack>
  );
}

/** title names a run by what it does: the job it backs up, or the source it restores into. */
export function executionTitle(execution: ExecutionDetailFragment): string {
  if (execution.kind === 'restore') {
    return `Restore into ${execution.source?.name ?? 'a deleted source'}`;
  }
  return `Backup of ${execution.jobName ?? 'a deleted job'}`;
}

function ExecutionView({ execution, onCancelled }: { execution: ExecutionDetailFragment; onCancelled(): void }) {
  const { can } = useViewer();
  const active = isActive(execution.status);
  const restore = execution.kind === 'restore';
  return (
    <>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>{executionTitle(execution)}</Title>
            <ExecutionStatusBadge status={execution.status} size="lg" />
          </Group>
          <Text c="dimmed" size="sm" ff="monospace">
            {execution.id}
          </Text>
        </Stack>
        {active && can(cancelPermission(execution.kind)) && (
          <CancelExecutionButton execution={execution} onCancelled={onCancelled} />
        )}
      </Group>

      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md" aria-label="Run details">
          <Fact label="Kind">{kindLabels[execution.kind]}</Fact>
          <Fact label="Phase">
            <span data-testid="execution-phase">{execution.phase}</span>
          </Fact>
          <Fact label="Trigger">{triggerLabels[execution.trigger]}</Fact>
          <Fact label="Started">
            <DateTime value={execution.startedAt} fallback="not yet" />
          </Fact>
          <Fact label="Duration">
            <Duration execution={execution} />
          </Fact>
          <Fact label={restore ? 'Into' : 'Source'}>
            {execution.source?.name ?? '—'}
            {execution.databases && execution.databases.length > 0 && (
              <Text size="xs" c="dimmed">
                {execution.databases.join(', ')}
              </Text>
            )}
          </Fact>
        </SimpleGrid>
      </Paper>

      <Outcome execution={execution} />

      <section aria-labelledby="execution-targets">
        <Title order={3} id="execution-targets" mb="xs">
          {restore ? 'Reading from' : 'Destinations'}
        </Title>
        <Paper withBorder p="md">
          <TargetProgress execution={execution} />
        </Paper>
      </section>

      {!active && <Result execution={execution} />}

      <section aria-labelledby="execution-log">
        <Title order={3} id="execution-log" mb="xs">
          Log
        </Title>
        <Paper withBorder p="xs">
          <ExecutionLog lines={execution.log} />
        </Paper>
      </section>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

/** Duration counts up every second while the run is running, and shows the final length after. */
function Duration({ execution }: { execution: ExecutionDetailFragment }) {
  const running = execution.status === 'RUNNING' && execution.startedAt;
  const [now, setNow] = useState(() => Date.now());
  useInterval(() => setNow(Date.now()), 1_000, { autoInvoke: true });
  if (running && execution.startedAt) {
    const seconds = Math.max((now - Date.parse(execution.startedAt)) / 1000, execution.durationSeconds ?? 0);
    return <>{formatDuration(seconds)}</>;
  }
  return <>{formatDuration(execution.durationSeconds)}</>;
}

/** Outcome says why a run failed or that it was cancelled, with the server's code verbatim. */
function Outcome({ execution }: { execution: ExecutionDetailFragment }) {
  const what = execution.kind === 'restore' ? 'restore' : 'backup';
  if (execution.status === 'CANCELLED') {
    return (
      <Alert color="gray" icon={<IconPlayerStop />} title={`The ${what} was cancelled`}>
        {execution.error ?? 'It was stopped before it finished.'}
      </Alert>
    );
  }
  if (execution.status !== 'FAILED' && execution.status !== 'PARTIAL') return null;
  const title =
    execution.status === 'PARTIAL'
      ? `The backup reached only some destinations`
      : `The ${what} failed`;
  return (
    <Alert color={execution.status === 'PARTIAL' ? 'orange' : 'red'} icon={<IconAlertTriangle />} title={title}>
      <Stack gap={4}>
        {execution.errorCode && (
          <Text size="sm" fw={600} ff="monospace" data-testid="error-code">
            {execution.errorCode}
          </Text>
        )}
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {execution.error ?? 'The server gave no reason; see the log below.'}
        </Text>
      </Stack>
    </Alert>
  );
}

/** Result shows what a finished run stored or restored. */
function Result({ execution }: { execution: ExecutionDetailFragment }) {
  if (execution.kind === 'restore') {
    if (execution.status !== 'SUCCESS') return null;
    return (
      <Paper withBorder p="md" aria-label="Restore result">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Fact label="Restored from">
            <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
              {execution.restoredBackup?.objectKey ?? execution.objectKey ?? '—'}
            </Text>
          </Fact>
          <Fact label="Applied">{formatBytes(execution.dumpBytes)}</Fact>
          <Fact label="Databases">{execution.databases?.join(', ') || '—'}</Fact>
        </SimpleGrid>
      </Paper>
    );
  }
  if (!execution.objectKey && !execution.sha256) return null;
  return (
    <Paper withBorder p="md" aria-label="Stored backup">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        <Fact label="Object key">
          <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="object-key">
            {execution.objectKey ?? '—'}
          </Text>
        </Fact>
        <Fact label="Size">
          <span data-testid="stored-size">{formatBytes(execution.size)}</span>
          {execution.dumpBytes > 0 && (
            <Text size="xs" c="dimmed">
              {formatBytes(execution.dumpBytes)} before compression
            </Text>
          )}
        </Fact>
        {execution.sha256 && (
          <Fact label="SHA-256">
            <Group gap={4} wrap="nowrap" align="flex-start">
              <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="sha256">
                {execution.sha256}
              </Text>
              <CopyHash value={execution.sha256} />
            </Group>
          </Fact>
        )}
      </SimpleGrid>
    </Paper>
  );
}

/** CopyHash copies a checksum to the clipboard. */
export function CopyHash({ value }: { value: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : 'Copy the SHA-256'}>
          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} size="sm" onClick={copy} aria-label="Copy the SHA-256">
            {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}
