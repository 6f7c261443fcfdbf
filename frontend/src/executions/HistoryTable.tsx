import { Anchor, Button, Loader, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { DateTime } from '../admin/DateTime';
import { ErrorAlert } from '../admin/ErrorAlert';
import { nodes } from '../admin/lists';
import { alertOf } from '../admin/serverErrors';
import { ExecutionHistoryDocument, type ExecutionRowFragment, type ExecutionWhereInput } from '../gql/graphql';
import { formatBytes } from '../lib/bytes';
import { ExecutionStatusBadge } from './ExecutionStatusBadge';
import { executionPath, formatDuration, isActive, kindLabels, triggerLabels } from './status';

/** historyPageSize is how many runs one "load more" adds. */
export const historyPageSize = 50;

const columns = ['Started', 'Job', 'Kind', 'Status', 'Duration', 'Size', 'Trigger'];

/**
 * HistoryTable shows the runs that match where, newest first, a page at a time; each page is its
 * own query after the previous page's end cursor, so a page already shown never changes.
 */
export function HistoryTable({ where }: { where: ExecutionWhereInput }) {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table aria-label="Runs" verticalSpacing="xs" fz="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c}>{c}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        {cursors.map((after, i) => (
          <HistoryPageRows
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

interface HistoryPageRowsProps {
  where: ExecutionWhereInput;
  after: string | null;
  onLoadMore?(after: string): void;
}

function HistoryPageRows({ where, after, onLoadMore }: HistoryPageRowsProps) {
  const [{ data, fetching, error }] = useQuery({
    query: ExecutionHistoryDocument,
    variables: { first: historyPageSize, after, where },
    requestPolicy: 'cache-and-network',
  });
  const runs = nodes(data?.executions);
  const pageInfo = data?.executions.pageInfo;
  let footer = null;
  if (fetching && !data) footer = <Loader size="sm" aria-label="Loading the history" />;
  else if (error) footer = <ErrorAlert error={alertOf(error, 'Could not load the history')} />;
  else if (after === null && data && runs.length === 0) footer = <Text c="dimmed">No runs match.</Text>;
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
      {runs.map((run) => (
        <HistoryRow key={run.id} run={run} />
      ))}
      {footer && (
        <Table.Tr>
          <Table.Td colSpan={columns.length}>{footer}</Table.Td>
        </Table.Tr>
      )}
    </Table.Tbody>
  );
}

function HistoryRow({ run }: { run: ExecutionRowFragment }) {
  const navigate = useNavigate();
  const path = executionPath(run.id);
  const name = run.kind === 'restore' ? `into ${run.source?.name ?? 'a deleted source'}` : (run.jobName ?? 'deleted job');
  return (
    <Table.Tr style={{ cursor: 'pointer' }} onClick={() => navigate(path)}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <DateTime value={run.startedAt} fallback={run.status === 'QUEUED' ? 'queued' : 'not started'} />
      </Table.Td>
      <Table.Td>
        {/* The link makes the row reachable by keyboard; the row's click is for the mouse. */}
        <Anchor component={Link} to={path} size="sm" onClick={(e) => e.stopPropagation()}>
          {name}
        </Anchor>
        {run.kind === 'restore' && run.jobName && (
          <Text size="xs" c="dimmed">
            backup of {run.jobName}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{kindLabels[run.kind]}</Table.Td>
      <Table.Td>
        <ExecutionStatusBadge status={run.status} />
        {run.errorCode && (
          <Text size="xs" c="dimmed" ff="monospace">
            {run.errorCode}
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {run.startedAt ? formatDuration(run.durationSeconds) : '—'}
        {isActive(run.status) && run.startedAt && (
          <Text span size="xs" c="dimmed">
            {' '}
            so far
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{run.size > 0 ? formatBytes(run.size) : '—'}</Table.Td>
      <Table.Td>{triggerLabels[run.trigger]}</Table.Td>
    </Table.Tr>
  );
}
