import { ActionIcon, Badge, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconLock, IconPencil, IconTrash } from '@tabler/icons-react';
import type { SsoProviderRowFragment } from '../../gql/graphql';
import { secretState } from './ssoForm';

export type ProviderAction = 'edit' | 'delete';

export interface SSOProvidersTableProps {
  providers: readonly SsoProviderRowFragment[];
  canWrite: boolean;
  onAction(action: ProviderAction, provider: SsoProviderRowFragment): void;
}

function OnOff({ on }: { on: boolean }) {
  return (
    <Badge variant="light" size="sm" color={on ? 'green' : 'gray'}>
      {on ? 'On' : 'Off'}
    </Badge>
  );
}

/** SecretCell says whether a client secret is stored, and warns in red when the loaded key cannot open it. */
function SecretCell({ provider }: { provider: SsoProviderRowFragment }) {
  switch (secretState(provider)) {
    case 'SET':
      return (
        <Badge variant="light" color="gray" size="sm" leftSection={<IconLock size={12} />}>
          Stored
        </Badge>
      );
    case 'UNDECRYPTABLE':
      return (
        <Badge color="red" size="sm" leftSection={<IconAlertTriangle size={12} />} data-testid="undecryptable-secret">
          Cannot be decrypted
        </Badge>
      );
    default:
      return (
        <Text span size="sm" c="dimmed">
          none
        </Text>
      );
  }
}

/**
 * SSOProvidersTable lists the single-sign-on providers with their issuer, whether their button is
 * shown, whether they create accounts, and the state of their client secret.
 */
export function SSOProvidersTable({ providers, canWrite, onAction }: SSOProvidersTableProps) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label="Providers" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Issuer</Table.Th>
            <Table.Th>Enabled</Table.Th>
            <Table.Th>Auto-provision</Table.Th>
            <Table.Th>Client secret</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {providers.map((provider) => (
            <Table.Tr key={provider.id}>
              <Table.Td>
                <Text span size="sm" fw={500}>
                  {provider.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text span size="sm" ff="monospace">
                  {provider.issuerURL}
                </Text>
              </Table.Td>
              <Table.Td>
                <OnOff on={provider.enabled} />
              </Table.Td>
              <Table.Td>
                <OnOff on={provider.autoProvision} />
              </Table.Td>
              <Table.Td>
                <SecretCell provider={provider} />
              </Table.Td>
              <Table.Td>
                {canWrite && (
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <Tooltip label={`Edit ${provider.name}`}>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Edit ${provider.name}`}
                        onClick={() => onAction('edit', provider)}
                      >
                        <IconPencil size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={`Delete ${provider.name}`}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${provider.name}`}
                        onClick={() => onAction('delete', provider)}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
