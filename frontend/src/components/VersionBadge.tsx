import { Text } from '@mantine/core';
import { useSystemStatus } from '../status/useSystemStatus';

/** VersionBadge shows the server's version once it is known. */
export function VersionBadge() {
  const { status } = useSystemStatus();
  if (!status) return null;
  return (
    <Text size="sm" c="dimmed" ff="monospace" data-testid="server-version">
      {status.version}
    </Text>
  );
}
