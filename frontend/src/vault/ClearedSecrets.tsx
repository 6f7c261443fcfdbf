import { Code, Stack, Table, Text } from '@mantine/core';
import type { ForgetResult } from './ForgetSecretsButton';
import { KeyId } from './KeyId';

/** ClearedSecrets lists what forgetting the undecryptable secrets cleared. */
export function ClearedSecrets({ result }: { result: ForgetResult }) {
  return (
    <Stack gap="xs" data-testid="cleared-secrets">
      <Text size="sm">
        The key check is now sealed with key id <KeyId value={result.keyId} />.{' '}
        {result.cleared.length === 0
          ? 'No secret needed clearing.'
          : 'These secrets were cleared; enter them again on the pages that use them.'}
      </Text>
      {result.cleared.length > 0 && (
        <Table striped withTableBorder>
          <Table.Caption>Cleared secrets</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Entity type</Table.Th>
              <Table.Th>Entity id</Table.Th>
              <Table.Th>Field</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.cleared.map(({ entityType, entityId, field }) => (
              <Table.Tr key={`${entityType}/${entityId}/${field}`}>
                <Table.Td>{entityType}</Table.Td>
                <Table.Td>
                  <Code>{entityId}</Code>
                </Table.Td>
                <Table.Td>{field}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
