import { Button, Code, Loader, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { type AuditEntryRowFragment, type AuditEntryWhereInput, AuditLogDocument } from '../../gql/graphql';
import { DateTime } from '../DateTime';
import { ErrorAlert } from '../ErrorAlert';
import { nodes } from '../lists';
import { alertOf } from '../serverErrors';

/** auditPageSize is how many entries one "load more" adds: a screenful or two. */
export const auditPageSize = 50;

const columns = ['Time', 'Actor', 'Action', 'Entity', 'Changed fields', 'IP', 'User agent'];

/**
 * AuditLogTable shows the entries that match where, newest first, a page at a time. Each page
 * is its own query after the previous page's end cursor, as urql advises for "load more", so a
 * page already shown never changes under the reader.
 */
export function AuditLogTable({ where }: { where: AuditEntryWhereInput }) {
  // cursors are the after cursors of the pages shown: null for the first.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table aria-label="Audit log" verticalSpacing="xs" fz="sm">
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c}>{c}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        {cursors.map((after, i) => (
          <AuditLogPage
            key={after ?? ''}
            where={where}
            after={after}
            onLoadMore={i === cursors.length - 1 ? (cursor) => setCursors([...cursors, cursor]) : undefined}
          />
        ))}
      </Table>
    </Table.ScrollContainer>
  );
}

interface AuditLogPageProps {
  where: AuditEntryWhereInput;
  after: string | null;
  /** onLoadMore is set on the last page, which offers the next one. */
  onLoadMore?(after: string): void;
}

function AuditLogPage({ where, after, onLoadMore }: AuditLogPageProps) {
  const [{ data, fetching, error }] = useQuery({
    query: AuditLogDocument,
    variables: { first: auditPageSize, after, where },
  });
  const entries = nodes(data?.auditLog);
  const pageInfo = data?.auditLog.pageInfo;
  const first = after === null;
  let footer = null;
  if (fetching && !data) footer = <Loader size="sm" aria-label="Loading the audit log" />;
  else if (error) footer = <ErrorAlert error={alertOf(error, 'Could not load the audit log')} />;
  else if (first && data && entries.length === 0) footer = <Text c="dimmed">No entries match.</Text>;
  else if (onLoadMore && pageInfo?.hasNextPage && pageInfo.endCursor) {
    const next = pageInfo.endCursor;
    footer = (
      <Button variant="default" onClick={() => onLoadMore(next)}>
        Load more
      </Button>
    );
  }
  return (
    <Table.Tbody>
      {entries.map((entry) => (
        <AuditRow key={entry.id} entry={entry} />
      ))}
      {footer && (
        <Table.Tr>
          <Table.Td colSpan={columns.length}>{footer}</Table.Td>
        </Table.Tr>
      )}
    </Table.Tbody>
  );
}

function AuditRow({ entry }: { entry: AuditEntryRowFragment }) {
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <DateTime value={entry.time} />
      </Table.Td>
      <Table.Td>{entry.actor}</Table.Td>
      <Table.Td>
        <Code>{entry.action}</Code>
      </Table.Td>
      <Table.Td>
        {entry.entityType && <Text size="sm">{entry.entityType}</Text>}
        {entry.entityID && (
          <Text size="xs" c="dimmed" ff="monospace">
            {entry.entityID}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{entry.fields?.join(', ')}</Table.Td>
      <Table.Td>{entry.ip}</Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed" lineClamp={2} title={entry.userAgent ?? undefined}>
          {entry.userAgent}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
