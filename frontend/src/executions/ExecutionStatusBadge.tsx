import { Badge, Loader } from '@mantine/core';
import type { ExecutionStatus } from '../gql/graphql';
import { statusColors, statusLabels } from './status';

/** ExecutionStatusBadge shows a run's status in its color, with a spinner while it runs. */
export function ExecutionStatusBadge({ status, size = 'sm' }: { status: ExecutionStatus; size?: 'sm' | 'lg' }) {
  return (
    <Badge
      color={statusColors[status]}
      size={size}
      variant={status === 'QUEUED' || status === 'CANCELLED' ? 'outline' : 'light'}
      leftSection={status === 'RUNNING' ? <Loader size={10} color="blue" aria-hidden /> : undefined}
      data-testid="execution-status"
    >
      {statusLabels[status]}
    </Badge>
  );
}
