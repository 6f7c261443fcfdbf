import { ActionIcon, Badge, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { type Icon, IconKey, IconPencil, IconShieldOff, IconTrash } from '@tabler/icons-react';
import type { UserRowFragment } from '../../gql/graphql';
import { DateTime } from '../DateTime';

/** UserAction is what can be done to one user from the table. */
export type UserAction = 'edit' | 'password' | 'totp' | 'delete';

export interface UsersTableProps {
  users: readonly UserRowFragment[];
  /** canWrite shows the actions, which need users:write. */
  canWrite: boolean;
  onAction(action: UserAction, user: UserRowFragment): void;
}

/** UsersTable lists the users with their groups, second factor, state and last sign-in. */
export function UsersTable({ users, canWrite, onAction }: UsersTableProps) {
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table aria-label="Users" verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Username</Table.Th>
            <Table.Th>Display name</Table.Th>
            <Table.Th>Groups</Table.Th>
            <Table.Th>2FA</Table.Th>
            <Table.Th>Last login</Table.Th>
            {canWrite && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <Table.Tr key={user.id}>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Text span size="sm" fw={500}>
                    {user.username}
                  </Text>
                  {user.disabled && (
                    <Badge color="gray" variant="light" size="sm">
                      Disabled
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{user.displayName}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {user.groups?.map((group) => (
                    <Badge key={group.id} variant="outline" size="sm">
                      {group.name}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <Badge color={user.totpEnabled ? 'green' : 'gray'} variant="light" size="sm">
                  {user.totpEnabled ? 'On' : 'Off'}
                </Badge>
              </Table.Td>
              <Table.Td>
                <DateTime value={user.lastLoginAt} />
              </Table.Td>
              {canWrite && (
                <Table.Td>
                  <UserActions user={user} onAction={onAction} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function UserActions({ user, onAction }: { user: UserRowFragment; onAction: UsersTableProps['onAction'] }) {
  const actions: Array<{ action: UserAction; label: string; icon: Icon; color: string }> = [
    { action: 'edit', label: `Edit ${user.username}`, icon: IconPencil, color: 'gray' },
    { action: 'password', label: `Set the password of ${user.username}`, icon: IconKey, color: 'gray' },
  ];
  // Resetting is only offered where there is something to reset.
  if (user.totpEnabled) {
    actions.push({
      action: 'totp',
      label: `Reset two-factor of ${user.username}`,
      icon: IconShieldOff,
      color: 'orange',
    });
  }
  actions.push({ action: 'delete', label: `Delete ${user.username}`, icon: IconTrash, color: 'red' });
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {actions.map(({ action, label, icon: Icon, color }) => (
        <Tooltip key={action} label={label}>
          <ActionIcon variant="subtle" color={color} aria-label={label} onClick={() => onAction(action, user)}>
            <Icon size={16} />
          </ActionIcon>
        </Tooltip>
      ))}
    </Group>
  );
}
