import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconFilter } from '@tabler/icons-react';
import type { ExecutionWhereInput } from '../gql/graphql';
import { type HistoryFilterValues, historyWhere, noHistoryFilters } from './historyWhere';
import { kindLabels, statuses, statusLabels } from './status';

const statusOptions = statuses.map((s) => ({ value: s, label: statusLabels[s] }));
const kindOptions = Object.entries(kindLabels).map(([value, label]) => ({ value, label }));

export interface HistoryFiltersProps {
  /** onApply receives the where input of the filters when they are applied or reset. */
  onApply(where: ExecutionWhereInput): void;
}

/** HistoryFilters narrow the history by status, kind and job name. */
export function HistoryFilters({ onApply }: HistoryFiltersProps) {
  const form = useForm<HistoryFilterValues>({ initialValues: noHistoryFilters });
  const reset = () => {
    form.reset();
    onApply(historyWhere(noHistoryFilters));
  };
  return (
    <form onSubmit={form.onSubmit((values) => onApply(historyWhere(values)))} aria-label="History filters">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Select label="Status" placeholder="Any status" data={statusOptions} clearable {...form.getInputProps('status')} />
        <Select label="Kind" placeholder="Backups and restores" data={kindOptions} clearable {...form.getInputProps('kind')} />
        <TextInput label="Job" placeholder="Part of the job's name" {...form.getInputProps('jobName')} />
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
