import { Badge } from '@mantine/core';
import type { NotificationDeliveryStatus } from '../gql/graphql';

const colors: Readonly<Record<NotificationDeliveryStatus, string>> = { PENDING: 'blue', SENT: 'green', FAILED: 'red' };
const labels: Readonly<Record<NotificationDeliveryStatus, string>> = {
  PENDING: 'Pending',
  SENT: 'Sent',
  FAILED: 'Failed',
};

/** DeliveryStatusBadge shows whether a message is still being sent, was accepted, or was given up. */
export function DeliveryStatusBadge({ status }: { status: NotificationDeliveryStatus }) {
  return (
    <Badge color={colors[status]} variant="light" size="sm" data-testid="delivery-status">
      {labels[status]}
    </Badge>
  );
}
