import { Badge, Tooltip } from '@mantine/core';
import { type ConnectionStatus, useConnectionStatus } from '../graphql/connection';

const appearance: Record<ConnectionStatus, { color: string; label: string; hint: string }> = {
  connecting: { color: 'yellow', label: 'Connecting', hint: 'Opening the live connection to the server.' },
  connected: { color: 'green', label: 'Live', hint: 'Live updates from the server are on.' },
  disconnected: {
    color: 'red',
    label: 'Disconnected',
    hint: 'The live connection to the server is down; retrying. Pages may show stale data.',
  },
};

/** ConnectionIndicator shows whether the websocket that carries live updates is up. */
export function ConnectionIndicator() {
  const status = useConnectionStatus();
  const { color, label, hint } = appearance[status];
  return (
    <Tooltip label={hint}>
      <Badge color={color} variant="dot" size="lg" data-testid="connection-status" data-status={status}>
        {label}
      </Badge>
    </Tooltip>
  );
}
