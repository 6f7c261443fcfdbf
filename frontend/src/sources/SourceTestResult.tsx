import { Alert, Group, Table, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { FieldSpec } from '../forms/fieldValues';
import { TestErrorAlert } from '../forms/TestErrorAlert';
import type { SourceTestFieldsFragment } from '../gql/graphql';
import { formatBytes, formatLatency } from '../lib/bytes';

export interface SourceTestResultProps {
  result: SourceTestFieldsFragment;
  /** fields label the setting a failed test names. */
  fields?: readonly FieldSpec[];
}

/**
 * SourceTestResult shows a connection test of a source: the server's version, the round trip and
 * its databases with their sizes; or, for a failure, why.
 */
export function SourceTestResult({ result, fields }: SourceTestResultProps) {
  if (result.error) return <TestErrorAlert error={result.error} fields={fields} />;
  return (
    <Alert color="green" icon={<IconCircleCheck />} title="Connection OK" data-testid="test-ok">
      <Group gap="lg" mb="xs">
        <Text size="sm">
          Server: <strong data-testid="server-version">{result.serverVersion ?? 'unknown'}</strong>
        </Text>
        {result.latencyMs != null && <Text size="sm">Latency: {formatLatency(result.latencyMs)}</Text>}
      </Group>
      {result.databases.length === 0 ? (
        <Text size="sm">The user can see no databases.</Text>
      ) : (
        <Table aria-label="Databases" withRowBorders={false} verticalSpacing={2} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Database</Table.Th>
              <Table.Th ta="right">Size</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.databases.map((db) => (
              <Table.Tr key={db.name}>
                <Table.Td>{db.name}</Table.Td>
                <Table.Td ta="right">{db.sizeBytes == null ? 'unknown' : formatBytes(db.sizeBytes)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Alert>
  );
}
