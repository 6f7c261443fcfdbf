import { Badge, Button, Group, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconLock } from '@tabler/icons-react';
import type { SecretStatusFieldsFragment } from '../gql/graphql';
import type { FieldSpec } from './fieldValues';

export interface SecretBadgesProps {
  /** owner names the item (source, destination, channel…), for the re-enter action's accessible name. */
  owner: string;
  secrets: readonly SecretStatusFieldsFragment[];
  /** fields label the secrets as the form does; a secret without a spec shows its field name. */
  fields: readonly FieldSpec[];
  /** onReenter opens the edit form; without it (no write permission) there is no action. */
  onReenter?: () => void;
}

/**
 * SecretBadges shows which secrets an item has stored, never their values, and warns in red of a
 * secret the loaded ENCRYPTION_KEY cannot open, with an action to re-enter it.
 */
export function SecretBadges({ owner, secrets, fields, onReenter }: SecretBadgesProps) {
  const label = (name: string) => fields.find((f) => f.name === name)?.label ?? name;
  const stored = secrets.filter((s) => s.state === 'SET');
  const broken = secrets.filter((s) => s.state === 'UNDECRYPTABLE');
  if (stored.length === 0 && broken.length === 0) {
    return (
      <Text span size="sm" c="dimmed">
        none
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {stored.map((s) => (
        <Tooltip key={s.field} label="Stored encrypted">
          <Badge variant="light" color="gray" size="sm" leftSection={<IconLock size={12} />}>
            {label(s.field)}
          </Badge>
        </Tooltip>
      ))}
      {broken.map((s) => (
        <Group key={s.field} gap={4} wrap="nowrap">
          <Badge color="red" size="sm" leftSection={<IconAlertTriangle size={12} />} data-testid="undecryptable-secret">
            {label(s.field)} cannot be decrypted
          </Badge>
          {onReenter && (
            <Button
              size="compact-xs"
              variant="light"
              color="red"
              aria-label={`Re-enter the ${label(s.field)} of ${owner}`}
              onClick={onReenter}
            >
              re-enter
            </Button>
          )}
        </Group>
      ))}
    </Group>
  );
}
