import { ActionIcon, Badge, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import type { GroupRowFragment } from '../../gql/graphql';

export type GroupAction = 'edit' | 'delete';

export interface GroupsTableProps {
  groups: readonly GroupRowFragment[];
  /** canWrite shows the actions, which need groups:write. */
  canWrite: boolean;
  onAction(action: GroupAction, group: GroupRowFragment): void;
}

/** GroupsTable lists the groups with how many permissions and members each has. */
export function GroupsTable({ groups, canWrite, onAction }: GroupsTableProps) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table aria-label="Groups" verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th>Permissions</Table.Th>
            <Table.Th>Members</Table.Th>
            {canWrite && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((group) => (
            <Table.Tr key={group.id}>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Text span size="sm" fw={500}>
                    {group.name}
                  </Text>
                  {group.builtin && (
                    <Badge variant="light" size="sm">
                      Built-in
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{group.description}</Table.Td>
              <Table.Td>{group.builtin ? 'all' : (group.permissions?.length ?? 0)}</Table.Td>
              <Table.Td>{group.users?.length ?? 0}</Table.Td>
              {canWrite && (
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <Tooltip label={`Edit ${group.name}`}>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Edit ${group.name}`}
                        onClick={() => onAction('edit', group)}
                      >
                        <IconPencil size={16} />
                      </ActionIcon>
                    </Tooltip>
                    {!group.builtin && (
                      <Tooltip label={`Delete ${group.name}`}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Delete ${group.name}`}
                          onClick={() => onAction('delete', group)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
