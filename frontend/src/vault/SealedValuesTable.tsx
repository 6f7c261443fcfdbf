import { Badge, Table, Text } from '@mantine/core';
import type { EncryptionKeyStatusFieldsFragment } from '../gql/graphql';
import { KeyId } from './KeyId';
import { isKeyId } from './keyId';

type SealedValues = EncryptionKeyStatusFieldsFragment['sealedValues'];

/** SealedValuesTable counts the stored secrets per key id they are sealed with. */
export function SealedValuesTable({ values }: { values: SealedValues }) {
  if (values.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No secrets are stored yet.
      </Text>
    );
  }
  return (
    <Table withTableBorder>
      <Table.Caption>Stored secrets per key</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Key id</Table.Th>
          <Table.Th>Secrets</Table.Th>
          <Table.Th>Loaded</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {values.map(({ keyId, count, loaded }) => (
          <Table.Tr key={keyId}>
            {/* Values whose sealed form cannot be parsed are counted under a label, not a key id. */}
            <Table.Td>
              {isKeyId(keyId) ? (
                <KeyId value={keyId} />
              ) : (
                <Text span fs="italic">
                  malformed values
                </Text>
              )}
            </Table.Td>
            <Table.Td>{count}</Table.Td>
            <Table.Td>
              <Badge color={loaded ? 'green' : 'red'} variant="light">
                {loaded ? 'Yes' : 'No'}
              </Badge>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
