import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderAdmin, sent } from '../admin/test/fakeServer';
import { executionFixture, logLine, targetFixture } from './fixtures';

const id = executionFixture().id;
const path = `/executions/${id}`;
const operator = ['history:read', 'jobs:read', 'jobs:run'];

const running = executionFixture({
  targets: [
    targetFixture('nas', { status: 'RUNNING', bytes: 3 * 1024 * 1024 }),
    targetFixture('offsite', { status: 'FAILED', bytes: 1024, error: 'dial tcp 192.0.2.7:22: connection refused' }),
  ],
  log: [logLine(0, 'backup of nightly started'), logLine(1, 'dumping shop, crm with pg_dump 17.2')],
});

describe('ExecutionPage', () => {
  it('shows a running backup: header, one bar per destination with bytes and errors, and the log', async () => {
    renderAdmin(path, { permissions: operator, handlers: { Execution: { execution: running } } });

    const main = within(screen.getByRole('main'));
    expect(await main.findByRole('heading', { level: 2, name: 'Backup of nightly' })).toBeInTheDocument();
    expect(main.getByTestId('execution-status')).toHaveTextContent('Running');
    expect(main.getByTestId('execution-phase')).toHaveTextContent('dumping');
    expect(main.getByText('Manual')).toBeInTheDocument();

    const nas = main.getByRole('progressbar', { name: 'Progress of nas' });
    const offsite = main.getByRole('progressbar', { name: 'Progress of offsite' });
    expect(nas).toBeInTheDocument();
    expect(offsite).toBeInTheDocument();
    const nasRow = within(main.getByTestId('target-nas'));
    expect(nasRow.getByText('3.0 MiB written')).toBeInTheDocument();
    expect(nasRow.getByText('Writing')).toBeInTheDocument();
    const offsiteRow = within(main.getByTestId('target-offsite'));
    expect(offsiteRow.getByText('failed after 1.0 KiB')).toBeInTheDocument();
    expect(offsiteRow.getByRole('alert')).toHaveTextContent('dial tcp 192.0.2.7:22: connection refused');

    const log = within(main.getByRole('table', { name: 'Log' }));
    expect(log.getByText('backup of nightly started')).toBeInTheDocument();
    expect(log.getByText('dumping shop, crm with pg_dump 17.2')).toBeInTheDocument();
    expect(main.getByRole('button', { name: 'Cancel backup' })).toBeInTheDocument();
  });

  it('follows the subscription: newer pushes replace the fetched state and add log lines', async () => {
    const pushed = executionFixture({
      updateTime: '2026-03-01T10:00:09Z',
      phase: 'finishing',
      targets: [targetFixture('nas', { status: 'DONE', bytes: 5 * 1024 * 1024 })],
      log: [...running.log, logLine(8, 'nas: upload complete', 'WARN')],
    });
    renderAdmin(path, {
      permissions: operator,
      handlers: { Execution: { execution: running }, ExecutionLive: { executionUpdated: pushed } },
    });

    const main = within(screen.getByRole('main'));
    expect(await main.findByText('nas: upload complete')).toBeInTheDocument();
    expect(main.getByTestId('execution-phase')).toHaveTextContent('finishing');
    expect(within(main.getByTestId('target-nas')).getByText('5.0 MiB written')).toBeInTheDocument();
    expect(main.getByRole('progressbar', { name: 'Progress of nas' })).toHaveAttribute('aria-valuenow', '100');
  });

  it('cancels a running backup after asking', async () => {
    const { client } = renderAdmin(path, {
      permissions: operator,
      handlers: {
        Execution: { execution: running },
        CancelExecution: { cancelExecution: { __typename: 'Execution', id, status: 'RUNNING', phase: 'cancelling' } },
      },
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Cancel backup' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Cancel this backup?' }));
    expect(sent(client, 'CancelExecution')).toEqual([]);
    fireEvent.click(dialog.getByRole('button', { name: 'Cancel backup' }));

    await waitFor(() => expect(sent(client, 'CancelExecution')).toEqual([{ id }]));
  });

  it('offers no cancel to a viewer without jobs:run', async () => {
    renderAdmin(path, { permissions: ['history:read'], handlers: { Execution: { execution: running } } });

    await screen.findByRole('heading', { level: 2, name: 'Backup of nightly' });
    expect(screen.queryByRole('button', { name: 'Cancel backup' })).toBeNull();
  });

  it('shows why a run failed, with its error code verbatim, and no cancel', async () => {
    const failed = executionFixture({
      status: 'FAILED',
      phase: 'done',
      finishedAt: '2026-03-01T10:00:12Z',
      durationSeconds: 12,
      errorCode: 'ENCRYPTION_KEY_MISMATCH',
      error: 'the encryption profile "main" holds key ee5133d4b9df3c93, the backup needs 0123456789abcdef',
      targets: [targetFixture('nas', { status: 'FAILED', bytes: 0, error: 'not written: the run failed' })],
      log: [logLine(0, 'backup of nightly started'), logLine(12, 'encryption key mismatch', 'ERROR')],
    });
    renderAdmin(path, { permissions: operator, handlers: { Execution: { execution: failed } } });

    const main = within(screen.getByRole('main'));
    expect(await main.findByText('The backup failed')).toBeInTheDocument();
    expect(main.getByTestId('error-code')).toHaveTextContent('ENCRYPTION_KEY_MISMATCH');
    expect(main.getByText(/holds key ee5133d4b9df3c93, the backup needs 0123456789abcdef/)).toBeInTheDocument();
    expect(main.getByTestId('execution-status')).toHaveTextContent('Failed');
    expect(main.getByText('12 s')).toBeInTheDocument();
    expect(main.getByText('encryption key mismatch')).toBeInTheDocument();
    expect(main.queryByRole('button', { name: 'Cancel backup' })).toBeNull();
  });

  it('shows the stored object, its size and checksum once a backup succeeded', async () => {
    const sha = 'a'.repeat(64);
    const done = executionFixture({
      status: 'SUCCESS',
      phase: 'done',
      durationSeconds: 75,
      size: 2 * 1024 * 1024,
      dumpBytes: 9 * 1024 * 1024,
      sha256: sha,
      objectKey: 'nightly/2026-03-01T100000Z.dump.zst',
      targets: [targetFixture('nas', { status: 'DONE', bytes: 2 * 1024 * 1024 })],
    });
    renderAdmin(path, { permissions: operator, handlers: { Execution: { execution: done } } });

    const stored = within(await screen.findByRole('generic', { name: 'Stored backup' }));
    expect(stored.getByTestId('object-key')).toHaveTextContent('nightly/2026-03-01T100000Z.dump.zst');
    expect(stored.getByTestId('stored-size')).toHaveTextContent('2.0 MiB');
    expect(stored.getByText('9.0 MiB before compression')).toBeInTheDocument();
    expect(stored.getByTestId('sha256')).toHaveTextContent(sha);
    expect(screen.getByText('1 min 15 s')).toBeInTheDocument();
  });

  it('shows a restore by its progress fraction', async () => {
    const restore = executionFixture({
      kind: 'restore',
      jobName: 'nightly',
      phase: 'verifying',
      progress: 0.25,
      totalBytes: 4 * 1024 * 1024,
      source: { __typename: 'Source', id: 'src_copy', name: 'copy', engine: 'postgres' },
      targets: [targetFixture('nas', { status: 'RUNNING', bytes: 1024 * 1024 })],
    });
    renderAdmin(path, {
      permissions: ['history:read', 'storage:restore'],
      handlers: { Execution: { execution: restore } },
    });

    const main = within(screen.getByRole('main'));
    expect(await main.findByRole('heading', { level: 2, name: 'Restore into copy' })).toBeInTheDocument();
    expect(main.getByRole('progressbar', { name: 'Progress of nas' })).toHaveAttribute('aria-valuenow', '25');
    expect(main.getByText('1.0 MiB of 4.0 MiB read (25%)')).toBeInTheDocument();
    expect(main.getByRole('button', { name: 'Cancel restore' })).toBeInTheDocument();
  });

  it('says so when there is no such run', async () => {
    renderAdmin(path, { permissions: operator, handlers: { Execution: { execution: null } } });
    expect(await screen.findByRole('heading', { name: 'Run not found' })).toBeInTheDocument();
  });
});
