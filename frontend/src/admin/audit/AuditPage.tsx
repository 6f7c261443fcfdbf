import { Paper, Title } from '@mantine/core';
import { useId, useState } from 'react';
import type { AuditEntryWhereInput } from '../../gql/graphql';
import { SectionPage } from '../../pages/SectionPage';
import type { Section } from '../../sections';
import { usePermissions } from '../usePermissions';
import { AuditFilters } from './AuditFilters';
import { AuditLogTable } from './AuditLogTable';
import { RetentionCard } from './RetentionCard';

/** AuditPage shows who did what, when and from where, filtered, and how long it is kept. */
export function AuditPage({ section }: { section: Section }) {
  const { can } = usePermissions();
  const titleId = useId();
  const [where, setWhere] = useState<AuditEntryWhereInput>({});
  return (
    <SectionPage section={section}>
      <Paper withBorder p="md">
        <AuditFilters onApply={setWhere} />
      </Paper>
      <section aria-labelledby={titleId}>
        <Title order={3} id={titleId} mb="xs">
          Entries
        </Title>
        {/* A new filter starts again from the newest entry. */}
        <AuditLogTable key={JSON.stringify(where)} where={where} />
      </section>
      <RetentionCard canWrite={can('settings:write')} />
    </SectionPage>
  );
}
