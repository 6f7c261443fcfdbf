import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../admin/DateTime';
import { connection } from '../admin/test/fixtures';
import { renderAdmin, sent } from '../admin/test/fakeServer';
import { cells, pick, type } from '../admin/test/interact';
import { ExecutionHistoryDocument, type ExecutionRowFragment } from '../gql/graphql';

function run(overrides: Partial<ExecutionRowFragment> & { id: string }): ExecutionRowFragment {
  return {
    __typename: 'Execution',
    kind: 'backup',
    status: 'SUCCESS',
    trigger: 'schedule',
    jobName: 'nightly',
    createTime: '2026-03-01T09:59:59Z',
    startedAt: '2026-03-01T10:00:00Z',
    durationSeconds: 75,
    size: 3 * 1024 * 1024,
    errorCode: null,
    source: { __typename: 'Source', id: 'src_main', name: 'main' },
    ...overrides,
  };
}

const restore = run({
  id: 'exe_2',
  kind: 'restore',
  status: 'FAILED',
  trigger: 'manual',
  startedAt: '2026-03-02T08:00:00Z',
  durationSeconds: 4,
  size: 0,
  errorCode: 'CHECKSUM_MISMATCH',
  source: { __typename: 'Source', id: 'src_copy', name: 'copy' },
});
const backup = run({ id: 'exe_1' });

describe('HistoryPage', () => {
  it('lists the runs newest first with their columns and opens one on click', async () => {
    const { client, router } = renderAdmin('/executions', {
      permissions: ['history:read'],
      handlers: {
        ExecutionHistory: {
          executions: connection('Execution', [restore, backup], { hasNextPage: false, endCursor: null }),
        },
      },
    });

    await screen.findByRole('table', { name: 'Runs' });
    await waitFor(() => expect(cells('Runs')).toHaveLength(2));
    expect(cells('Runs')).toEqual([
      [formatDateTime(restore.startedAt as string), 'into copybackup of nightly', 'Restore', 'FailedCHECKSUM_MISMATCH', '4.0 s', '—', 'Manual'],
      [formatDateTime(backup.startedAt as string), 'nightly', 'Backup', 'Succeeded', '1 min 15 s', '3.0 MiB', 'Schedule'],
    ]);
    expect(sent(client, 'ExecutionHistory')[0]).toEqual({ first: 50, after: null, where: {} });
    // The server orders newest created first, which places queued runs (no startedAt yet) on top.
    expect(print(ExecutionHistoryDocument)).not.toContain('orderBy');

    fireEvent.click(screen.getByText('Schedule'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/executions/exe_1'));
  });

  it('filters by status, kind and job name', async () => {
    const { client } = renderAdmin('/executions', {
      permissions: ['history:read'],
      handlers: {
        ExecutionHistory: { executions: connection('Execution', [], { hasNextPage: false, endCursor: null }) },
      },
    });

    expect(await screen.findByText('No runs match.')).toBeInTheDocument();
    const form = within(screen.getByRole('form', { name: 'History filters' }));
    await pick(form, 'Status', 'Failed');
    await pick(form, 'Kind', 'Backup');
    type(form, 'Job', 'night');
    fireEvent.click(form.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() =>
      expect(sent(client, 'ExecutionHistory').at(-1)).toEqual({
        first: 50,
        after: null,
        where: { status: 'FAILED', kind: 'backup', jobNameContainsFold: 'night' },
      }),
    );
  });

  it('loads the next page after the last cursor', async () => {
    const { client } = renderAdmin('/executions', {
      permissions: ['history:read'],
      handlers: {
        ExecutionHistory: (variables) =>
          variables.after
            ? { executions: connection('Execution', [backup], { hasNextPage: false, endCursor: 'c2' }) }
            : { executions: connection('Execution', [restore], { hasNextPage: true, endCursor: 'c1' }) },
      },
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(cells('Runs')).toHaveLength(2));
    expect(sent(client, 'ExecutionHistory').map((v) => v.after)).toContain('c1');
  });
});
