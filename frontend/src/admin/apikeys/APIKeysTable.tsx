import { ActionIcon, Badge, Code, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconBan } from '@tabler/icons-react';
import type { ApiKeyRowFragment } from '../../gql/graphql';
import { DateTime } from '../DateTime';
import { apiKeyState, apiKeyStateAppearance } from './apiKeyState';

export interface APIKeysTableProps {
  keys: readonly ApiKeyRowFragment[];
  /** now decides which keys have expired. */
  now: Date;
  /** canWrite shows the revoke buttons, which need apikeys:write. */
  canWrite: boolean;
  onRevoke(key: ApiKeyRowFragment): void;
}

/** APIKeysTable lists API keys by name and prefix, never the key itself, which is not stored. */
export function APIKeysTable({ keys, now, canWrite, onRevoke }: APIKeysTableProps) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table aria-label="API keys" verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Prefix</Table.Th>
            <Table.Th>Scopes</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>State</Table.Th>
            {canWrite && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => {
            const state = apiKeyState(key, now);
            return (
              <Table.Tr key={key.id}>
                <Table.Td>
                  <Text span size="sm" fw={500}>
                    {key.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Code>{key.prefix}</Code>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {key.scopes?.map((scope) => (
                      <Badge key={scope} variant="outline" size="sm" tt="none">
                        {scope}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <DateTime value={key.expiresAt} />
                </Table.Td>
                <Table.Td>
                  <DateTime value={key.lastUsedAt} />
                </Table.Td>
                <Table.Td>
                  <Badge color={apiKeyStateAppearance[state].color} variant="light" size="sm">
                    {apiKeyStateAppearance[state].label}
                  </Badge>
                </Table.Td>
                {canWrite && (
                  <Table.Td>
                    {state !== 'revoked' && (
                      <Tooltip label={`Revoke ${key.name}`}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Revoke ${key.name}`}
                          onClick={() => onRevoke(key)}
                        >
                          <IconBan size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
