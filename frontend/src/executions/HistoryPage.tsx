import { Paper } from '@mantine/core';
import { useState } from 'react';
import type { ExecutionWhereInput } from '../gql/graphql';
import { SectionPage } from '../pages/SectionPage';
import type { Section } from '../sections';
import { HistoryFilters } from './HistoryFilters';
import { HistoryTable } from './HistoryTable';

/** HistoryPage lists every backup and restore run, newest first, filtered. */
export function HistoryPage({ section }: { section: Section }) {
  const [where, setWhere] = useState<ExecutionWhereInput>({});
  return (
    <SectionPage section={section}>
      <Paper withBorder p="md">
        <HistoryFilters onApply={setWhere} />
      </Paper>
      {/* A new filter starts again from the newest run. */}
      <HistoryTable key={JSON.stringify(where)} where={where} />
    </SectionPage>
  );
}
