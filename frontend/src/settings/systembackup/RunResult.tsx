import { Badge, Code, Group, Stack, Text } from '@mantine/core';
import { DateTime } from '../../admin/DateTime';
import type { SystemTaskRunFieldsFragment, SystemTaskRunStatus } from '../../gql/graphql';
import { formatBytes } from '../../lib/bytes';

const statusColors: Readonly<Record<SystemTaskRunStatus, string>> = {
  RUNNING: 'blue',
  SUCCESS: 'green',
  FAILED: 'red',
};

const statusLabels: Readonly<Record<SystemTaskRunStatus, string>> = {
  RUNNING: 'Running',
  SUCCESS: 'Succeeded',
  FAILED: 'Failed',
};

/** RunStatusBadge shows a system task run's status in its color. */
export function RunStatusBadge({ status }: { status: SystemTaskRunStatus }) {
  return (
    <Badge size="sm" variant="light" color={statusColors[status]} data-testid="run-status">
      {statusLabels[status]}
    </Badge>
  );
}

/**
 * RunResult describes one run of a system task: its status, when it ran and whether a schedule
 * started it, what it stored and how large it is, or why it failed.
 */
export function RunResult({ run, label }: { run: SystemTaskRunFieldsFragment; label: string }) {
  return (
    <Stack gap={4} role="group" aria-label={label}>
      <Group gap="xs">
        <RunStatusBadge status={run.status} />
        <Text size="sm">
          {run.scheduled ? 'Started by the schedule' : 'Started by hand'} at <DateTime value={run.startedAt} />
          {run.finishedAt && (
            <>
              , finished at <DateTime value={run.finishedAt} />
            </>
          )}
          .
        </Text>
      </Group>
      {run.objectKey && (
        <Text size="sm">
          Stored as <Code>{run.objectKey}</Code>
          {run.size != null && <>, {formatBytes(run.size)}</>}.
        </Text>
      )}
      {run.error && (
        <Text size="sm" c="red">
          {run.error}
        </Text>
      )}
    </Stack>
  );
}
