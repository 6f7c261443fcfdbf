import { ActionIcon, Badge, Button, Code, Group, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconArrowRight, IconLock, IconPencil, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { useInterval } from '@mantine/hooks';
import { Fragment, type ReactNode, useState } from 'react';
import { formatDateTime } from '../admin/DateTime';
import type { JobRowFragment } from '../gql/graphql';
import { EnabledSwitch } from './EnabledSwitch';
import { formatRunTime, formatUntil } from './runTimes';

export type JobAction = 'edit' | 'delete' | 'run';

export interface JobsTableProps {
  jobs: readonly JobRowFragment[];
  /** canWrite offers the switch and the actions, which need jobs:write. */
  canWrite: boolean;
  /** canRun offers Run now, which needs jobs:run. */
  canRun?: boolean;
  /** starting is the id of the job whose Run now is being sent. */
  starting?: string;
  onAction(action: JobAction, job: JobRowFragment): void;
}

/** JobsTable lists the jobs with their source, ordered destinations, schedule with its next run, and state. */
export function JobsTable({ jobs, canWrite, canRun = false, starting, onAction }: JobsTableProps) {
  const actions = canWrite || canRun;
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table aria-label="Jobs" verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>Destinations</Table.Th>
            <Table.Th>Schedule</Table.Th>
            <Table.Th>Enabled</Table.Th>
            {actions && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.map((job) => (
            <Table.Tr key={job.id}>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Text span size="sm" fw={500}>
                    {job.name}
                  </Text>
                  {job.encryptionProfile && (
                    <Tooltip label={`Encrypted with ${job.encryptionProfile.name}`}>
                      <IconLock size={14} aria-label={`Encrypted with ${job.encryptionProfile.name}`} />
                    </Tooltip>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text span size="sm">
                  {job.source.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {job.databases && job.databases.length > 0 ? job.databases.join(', ') : 'all databases'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {[...job.targets]
                    .sort((a, b) => a.position - b.position)
                    .map((t, i) => (
                      <Fragment key={t.destination.id}>
                        {i > 0 && <IconArrowRight size={12} aria-hidden />}
                        <Badge variant="outline" size="sm">
                          {t.destination.name}
                        </Badge>
                      </Fragment>
                    ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <Schedule job={job} />
              </Table.Td>
              <Table.Td>
                <EnabledSwitch job={job} canWrite={canWrite} />
              </Table.Td>
              {actions && (
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    {canRun && (
                      <Button
                        size="compact-sm"
                        variant="default"
                        leftSection={<IconPlayerPlay size={14} />}
                        aria-label={`Run ${job.name} now`}
                        loading={starting === job.id}
                        disabled={starting !== undefined && starting !== job.id}
                        onClick={() => onAction('run', job)}
                      >
                        Run now
                      </Button>
                    )}
                    {canWrite && (
                      <>
                        <Tooltip label={`Edit ${job.name}`}>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={`Edit ${job.name}`}
                            onClick={() => onAction('edit', job)}
                          >
                            <IconPencil size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={`Delete ${job.name}`}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Delete ${job.name}`}
                            onClick={() => onAction('delete', job)}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </>
                    )}
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** refreshMs is how often "in 3 h" is recomputed; it shows minutes at best. */
const refreshMs = 30_000;

/**
 * NextRun says when a job runs on its own: "Next run: in 3 h — Tue 08 Dec 03:00 Europe/Berlin"
 * in the job's zone, with the viewer's own time on hover; "Not scheduled" or "Paused" otherwise.
 */
export function NextRun({ job }: { job: Pick<JobRowFragment, 'schedule' | 'enabled' | 'nextRunAt' | 'timezone'> }) {
  const [now, setNow] = useState(() => new Date());
  useInterval(() => setNow(new Date()), refreshMs, { autoInvoke: true });
  let text: ReactNode = 'Next run: pending';
  if (!job.schedule) text = 'Not scheduled';
  else if (!job.enabled) text = 'Paused';
  else if (job.nextRunAt) {
    text = (
      <>
        Next run: {formatUntil(job.nextRunAt, now)} —{' '}
        <time dateTime={job.nextRunAt} title={`Your time: ${formatDateTime(job.nextRunAt)}`}>
          {formatRunTime(job.nextRunAt, job.timezone)} {job.timezone}
        </time>
      </>
    );
  }
  return (
    <Text span size="xs" c="dimmed" data-testid="next-run">
      {text}
    </Text>
  );
}

/** Schedule shows the cron expression with its zone and when it fires next. */
function Schedule({ job }: { job: JobRowFragment }) {
  return (
    <Stack gap={0}>
      {job.schedule && (
        <Text span size="sm">
          <Code>{job.schedule}</Code> {job.timezone}
        </Text>
      )}
      <NextRun job={job} />
    </Stack>
  );
}
