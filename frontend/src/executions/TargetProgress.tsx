import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import type { ExecutionDetailFragment } from '../gql/graphql';
import { formatBytes } from '../lib/bytes';
import { isActive, targetStatusLabels } from './status';

type Target = ExecutionDetailFragment['targets'][number];

const targetColors: Readonly<Record<Target['status'], string>> = {
  PENDING: 'gray',
  RUNNING: 'blue',
  DONE: 'green',
  FAILED: 'red',
};

interface BarState {
  /** value is the bar's fill in percent. */
  value: number;
  animated: boolean;
  color: string;
  /** text says how far the destination has got in words. */
  text: string;
}

/**
 * barState is how far one destination has got. A backup streams a dump of unknown size, so a
 * running destination shows the bytes written under an animated full bar; a restore reads an
 * object of known size, so its bar follows the run's progress fraction.
 */
export function barState(execution: ExecutionDetailFragment, target: Target): BarState {
  const color = targetColors[target.status];
  const written = formatBytes(target.bytes);
  if (target.status === 'DONE') {
    return { value: 100, animated: false, color, text: `${written} ${execution.kind === 'restore' ? 'read' : 'written'}` };
  }
  if (target.status === 'FAILED') {
    return { value: 100, animated: false, color, text: `failed after ${written}` };
  }
  if (target.status === 'PENDING') {
    const text = isActive(execution.status) ? 'waiting' : 'not started';
    return { value: 0, animated: false, color, text };
  }
  if (execution.kind === 'restore' && execution.progress != null) {
    const percent = Math.round(Math.min(Math.max(execution.progress, 0), 1) * 1000) / 10;
    const total = execution.totalBytes > 0 ? ` of ${formatBytes(execution.totalBytes)}` : '';
    return { value: percent, animated: isActive(execution.status), color, text: `${written}${total} read (${percent}%)` };
  }
  const running = isActive(execution.status);
  return { value: 100, animated: running, color: running ? color : 'gray', text: `${written} written` };
}

/** TargetProgress shows one bar per destination of a run, each with its bytes and its error. */
export function TargetProgress({ execution }: { execution: ExecutionDetailFragment }) {
  if (execution.targets.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No destination yet.
      </Text>
    );
  }
  return (
    <Stack gap="md">
      {execution.targets.map((target) => {
        const bar = barState(execution, target);
        return (
          <Stack key={target.destinationId} gap={4} data-testid={`target-${target.name}`}>
            <Group justify="space-between" wrap="nowrap">
              <Group gap="xs">
                <Text size="sm" fw={500}>
                  {target.name}
                </Text>
                <Badge size="xs" variant="light" color={targetColors[target.status]}>
                  {targetStatusLabels[target.status]}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {bar.text}
              </Text>
            </Group>
            <Progress
              value={bar.value}
              color={bar.color}
              animated={bar.animated}
              striped={bar.animated}
              size="lg"
              aria-label={`Progress of ${target.name}`}
            />
            {target.objectKey && (
              <Text size="xs" c="dimmed" ff="monospace">
                {target.objectKey}
              </Text>
            )}
            {target.error && (
              <Text size="sm" c="red" role="alert">
                {target.error}
              </Text>
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
