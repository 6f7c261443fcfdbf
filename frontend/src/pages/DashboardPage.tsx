import { Alert, Badge, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { RelativeTime } from '../components/RelativeTime';
import { StatCard } from '../components/StatCard';
import type { DatabaseDialect } from '../gql/graphql';
import { useSystemStatus } from '../status/useSystemStatus';

const dialectLabel: Record<DatabaseDialect, string> = {
  SQLITE: 'SQLite',
  POSTGRES: 'PostgreSQL',
};

/** DashboardPage shows the live status of this DBackup instance. */
export function DashboardPage() {
  const { status, live, fetching, error } = useSystemStatus();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Dashboard</Title>
        {status && !live && (
          <Text size="sm" c="dimmed">
            Showing a snapshot; live updates resume when the connection is back.
          </Text>
        )}
      </Group>
      {fetching && <Loader aria-label="Loading status" />}
      {error && (
        <Alert color="red" icon={<IconAlertTriangle />} title="Could not load the status of this instance">
          {error.message}
        </Alert>
      )}
      {status && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          <StatCard label="Version">
            <Text fw={600} size="lg" ff="monospace">
              {status.version}
            </Text>
          </StatCard>
          <StatCard label="Started">
            <RelativeTime value={status.startedAt} />
          </StatCard>
          <StatCard label="Configuration database">
            <Group gap="xs">
              <Text fw={600} size="lg">
                {dialectLabel[status.database.dialect]}
              </Text>
              <Badge color={status.database.reachable ? 'green' : 'red'} variant="light">
                {status.database.reachable ? 'Reachable' : 'Unreachable'}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              Schema version <Text span ff="monospace">{status.database.schemaVersion}</Text>
            </Text>
          </StatCard>
        </SimpleGrid>
      )}
    </Stack>
  );
}
