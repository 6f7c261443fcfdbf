import { ActionIcon, Group, List, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { type Icon, IconEye, IconPencil, IconTrash } from '@tabler/icons-react';
import type { ProfileRowFragment } from '../gql/graphql';
import { KeyId } from '../vault/KeyId';
import { retainedOfProfile, retainedSummary } from './retained';

export type ProfileAction = 'edit' | 'reveal' | 'delete';

export interface ProfilesTableProps {
  profiles: readonly ProfileRowFragment[];
  /** canWrite offers edit and delete (vault:write); canReveal offers the key (vault:reveal). */
  canWrite: boolean;
  canReveal: boolean;
  onAction(action: ProfileAction, profile: ProfileRowFragment): void;
}

/**
 * ProfilesTable lists the encryption profiles by name, description, key id and the backups their
 * keys open; never their keys.
 */
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
            <Table.Th>Backups</Table.Th>
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
                <Table.Td>
                  <RetainedBackupsCell profile={profile} />
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

/** RetainedBackupsCell says how many backups a profile's key opens, with the count per destination on hover or focus. */
function RetainedBackupsCell({ profile }: { profile: ProfileRowFragment }) {
  const counts = retainedOfProfile(profile);
  const summary = retainedSummary(counts);
  if (counts.length === 0) {
    return (
      <Text span size="sm" c="dimmed">
        {summary}
      </Text>
    );
  }
  const perDestination = counts.map((c) => `${c.destinationName}: ${c.count}`).join(', ');
  return (
    <Tooltip
      label={
        <List size="xs" c="inherit">
          {counts.map((c) => (
            <List.Item key={c.destinationId ?? c.destinationName}>
              {c.destinationName}: {c.count}
            </List.Item>
          ))}
        </List>
      }
      events={{ hover: true, focus: true, touch: true }}
    >
      <Text
        span
        size="sm"
        tabIndex={0}
        aria-description={perDestination}
        style={{ textDecoration: 'underline dotted' }}
        data-testid="retained-backups"
      >
        {summary}
      </Text>
    </Tooltip>
  );
}
