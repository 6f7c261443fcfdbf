import { Button, Group, SimpleGrid, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconFilter } from '@tabler/icons-react';
import type { AuditEntryWhereInput } from '../../gql/graphql';
import { type AuditFilterValues, auditWhere, noAuditFilters, validateRange } from './auditWhere';

/** pickerFormat shows a picked time as the ISO-like local "2026-03-01 14:30". */
const pickerFormat = 'YYYY-MM-DD HH:mm';

export interface AuditFiltersProps {
  /** onApply receives the where input of the filters when they are applied or reset. */
  onApply(where: AuditEntryWhereInput): void;
}

/** AuditFilters narrow the audit log by actor, action, entity and time. */
export function AuditFilters({ onApply }: AuditFiltersProps) {
  const form = useForm<AuditFilterValues>({
    initialValues: noAuditFilters,
    validate: { to: validateRange },
  });
  const reset = () => {
    form.reset();
    onApply(auditWhere(noAuditFilters));
  };

  return (
    <form onSubmit={form.onSubmit((values) => onApply(auditWhere(values)))} aria-label="Audit log filters">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        <TextInput label="Actor" description="Part of a user or API key name" {...form.getInputProps('actor')} />
        <TextInput
          label="Action"
          description="Start of the action, such as user. or source.update"
          {...form.getInputProps('action')}
        />
        <TextInput
          label="Entity type"
          description="Such as User, Group or Source"
          {...form.getInputProps('entityType')}
        />
        <TextInput label="Entity id" description="The exact id" {...form.getInputProps('entityID')} />
        <DateTimePicker
          label="From"
          description="Included"
          clearable
          valueFormat={pickerFormat}
          submitButtonProps={{ 'aria-label': 'Use this start' }}
          {...form.getInputProps('from')}
        />
        <DateTimePicker
          label="To"
          description="Included"
          clearable
          valueFormat={pickerFormat}
          submitButtonProps={{ 'aria-label': 'Use this end' }}
          {...form.getInputProps('to')}
        />
      </SimpleGrid>
      <Group justify="flex-end" mt="sm">
        <Button variant="default" onClick={reset}>
          Reset
        </Button>
        <Button type="submit" leftSection={<IconFilter size={16} />}>
          Apply filters
        </Button>
      </Group>
    </form>
  );
}
