import { Group, Input, Loader, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from 'urql';
import { serverErrors } from '../admin/serverErrors';
import { SchedulePreviewDocument } from '../gql/graphql';
import { browserTimeZone, validateSchedule } from './jobForm';
import { formatRunTime } from './runTimes';

/** previewDelayMs waits for typing to pause before asking the server, so each key press is not a request. */
export const previewDelayMs = 400;

/** previewCount is how many upcoming runs the picker lists. */
const previewCount = 5;

export interface SchedulePreview {
  /** runs are the next instants (UTC), or undefined while unknown. */
  runs?: readonly string[];
  fetching: boolean;
  /** errors are the server's objections by the field they name: schedule, timezone, or other. */
  errors: { schedule?: string; timezone?: string; other?: string };
}

/**
 * useSchedulePreview asks the server when a schedule fires next, once typing has paused. The
 * server parses the schedule exactly as the scheduler will, so its objection is the one that counts.
 */
export function useSchedulePreview(schedule: string, timezone: string): SchedulePreview {
  // A string, not an object, so that an unchanged schedule does not restart the wait.
  const key = `${schedule.trim()}\n${timezone}`;
  const [debounced] = useDebouncedValue(key, previewDelayMs);
  const current = debounced === key;
  const [debouncedSchedule = '', debouncedZone = ''] = debounced.split('\n');
  const paused = debouncedSchedule === '' || validateSchedule(debouncedSchedule) !== null;
  const [{ data, error, fetching }] = useQuery({
    query: SchedulePreviewDocument,
    variables: { schedule: debouncedSchedule, timezone: debouncedZone || null, count: previewCount },
    pause: paused,
  });
  const errors: SchedulePreview['errors'] = {};
  if (error && current && !paused) {
    for (const e of serverErrors(error)) {
      const field = e.field === 'schedule' || e.field === 'timezone' ? e.field : 'other';
      errors[field] = errors[field] ? `${errors[field]}; ${e.message}` : e.message;
    }
  }
  if (paused) return { fetching: !current, errors };
  return { runs: error ? undefined : data?.schedulePreview, fetching: fetching || !current, errors };
}

/**
 * NextRuns lists the upcoming runs in the job's zone, in which the schedule is written, and in
 * the viewer's own zone, which is when it happens for them.
 */
export function NextRuns({ preview, timezone }: { preview: SchedulePreview; timezone: string }) {
  const local = browserTimeZone();
  const label = (
    <Group gap={6}>
      Next runs
      {preview.fetching && <Loader size={12} aria-label="Updating the next runs" />}
    </Group>
  );
  return (
    <Input.Wrapper label={label} error={preview.errors.other}>
      {preview.runs && preview.runs.length > 0 ? (
        <Table aria-label="Next runs" fz="sm" verticalSpacing={2} withRowBorders={false} mt={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>In {timezone}</Table.Th>
              <Table.Th>Your time ({local})</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.runs.map((run) => (
              <Table.Tr key={run}>
                <Table.Td>
                  <time dateTime={run}>{formatRunTime(run, timezone)}</time>
                </Table.Td>
                <Table.Td c="dimmed">{formatRunTime(run, local)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">
          {preview.runs ? 'The schedule never fires.' : 'Shown once the schedule is valid.'}
        </Text>
      )}
    </Input.Wrapper>
  );
}
