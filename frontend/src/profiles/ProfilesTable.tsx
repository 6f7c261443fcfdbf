import { ActionIcon, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { type Icon, IconEye, IconPencil, IconTrash } from '@tabler/icons-react';
import type { ProfileRowFragment } from '../gql/graphql';
import { KeyId } from '../vault/KeyId';

export type ProfileAction = 'edit' | 'reveal' | 'delete';

export interface ProfilesTableProps {
  profiles: readonly ProfileRowFragment[];
  /** canWrite offers edit and delete (vault:write); canReveal offers the key (vault:reveal). */
  canWrite: boolean;
  canReveal: boolean;
  onAction(action: ProfileAction, profile: ProfileRowFragment): void;
}

/** ProfilesTable lists the encryption profiles by name, description and key id; never their keys. */
export function ProfilesTable({ profiles, canWrite, canReveal, onAction }: ProfilesTableProps) {
  const withActions = canWrite || canReveal;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table aria-label="Encryption profiles" verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th>Key id</Table.Th>
            {withActions && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {profiles.map((profile) => {
            const actions: Array<{ action: ProfileAction; label: string; icon: Icon; color: string }> = [];
            if (canWrite)
              actions.push({ action: 'edit', label: `Edit ${profile.name}`, icon: IconPencil, color: 'gray' });
            if (canReveal) {
              actions.push({
                action: 'reveal',
                label: `Reveal the key of ${profile.name}`,
                icon: IconEye,
                color: 'orange',
              });
            }
            if (canWrite)
              actions.push({ action: 'delete', label: `Delete ${profile.name}`, icon: IconTrash, color: 'red' });
            return (
              <Table.Tr key={profile.id}>
                <Table.Td>
                  <Text span size="sm" fw={500}>
                    {profile.name}
                  </Text>
                </Table.Td>
                <Table.Td>{profile.description}</Table.Td>
                <Table.Td>
                  <KeyId value={profile.keyID} />
                </Table.Td>
                {withActions && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      {actions.map(({ action, label, icon: ActionIconShape, color }) => (
                        <Tooltip key={action} label={label}>
                          <ActionIcon
                            variant="subtle"
                            color={color}
                            aria-label={label}
                            onClick={() => onAction(action, profile)}
                          >
                            <ActionIconShape size={16} />
                          </ActionIcon>
                        </Tooltip>
                      ))}
                    </Group>
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
