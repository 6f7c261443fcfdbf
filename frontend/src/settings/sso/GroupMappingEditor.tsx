import { ActionIcon, Button, Fieldset, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { mappingRow, type SSOFormValues } from './ssoForm';

export interface GroupMappingEditorProps {
  form: UseFormReturnType<SSOFormValues>;
  /** groups are the names of the DBackup groups to map to. */
  groups: readonly string[];
  /** error is the server's error about the mapping as a whole. */
  error?: string;
}

/**
 * GroupMappingEditor edits the lines "groups-claim value → DBackup group". At each sign-in the
 * user is put into the groups their claim values map to; groups no line names are left alone.
 */
export function GroupMappingEditor({ form, groups, error }: GroupMappingEditorProps) {
  const rows = form.values.groupMapping;
  const data = groups.map((g) => ({ value: g, label: g }));
  return (
    <Fieldset
      legend="Group mapping"
      variant="unstyled"
      styles={{ legend: { fontWeight: 500, fontSize: 'var(--mantine-font-size-sm)', padding: 0 } }}
    >
      <Stack gap="xs">
        <Text size="xs" c="dimmed">
          At each sign-in, a user whose groups claim holds a value below is put into its DBackup group. Groups that no
          line names are left as they are.
        </Text>
        {rows.map((row, i) => (
          <Group key={row.key} gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              aria-label={`Claim value of mapping ${i + 1}`}
              placeholder="Value in the groups claim, such as dbackup-admins"
              spellCheck={false}
              style={{ flex: 1 }}
              {...form.getInputProps(`groupMapping.${i}.claimValue`)}
            />
            <Select
              aria-label={`DBackup group of mapping ${i + 1}`}
              placeholder="DBackup group"
              data={data}
              searchable
              style={{ flex: 1 }}
              {...form.getInputProps(`groupMapping.${i}.group`)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={`Remove mapping ${i + 1}`}
              onClick={() => form.removeListItem('groupMapping', i)}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        {error && (
          <Text size="sm" c="red">
            {error}
          </Text>
        )}
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() => form.insertListItem('groupMapping', mappingRow())}
        >
          Add mapping
        </Button>
      </Stack>
    </Fieldset>
  );
}
