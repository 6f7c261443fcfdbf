import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { NotificationDeliveryRowFragment } from '../gql/graphql';

/**
 * SendTestResult shows how sending a test message went: accepted by the channel, or the reason
 * it failed as the channel or the network gave it.
 */
export function SendTestResult({ delivery }: { delivery: NotificationDeliveryRowFragment }) {
  if (delivery.status === 'SENT') {
    return (
      <Alert color="green" icon={<IconCircleCheck />} title="Sent ✓" data-testid="test-sent">
        <Text size="sm">The channel accepted the test message.</Text>
      </Alert>
    );
  }
  if (delivery.status === 'PENDING') {
    return (
      <Alert color="blue" title="Pending" data-testid="test-pending">
        <Text size="sm">The test message is not sent yet; the deliveries below show when it is.</Text>
      </Alert>
    );
  }
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title="Sending failed" data-testid="test-failed">
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {delivery.error || 'The channel did not accept the test message.'}
      </Text>
    </Alert>
  );
}
