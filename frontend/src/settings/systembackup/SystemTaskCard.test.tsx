import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connection } from '../../admin/test/fixtures';
import { type Handler, renderAdmin, sent, serverError } from '../../admin/test/fakeServer';
import { pick } from '../../admin/test/interact';
import { runFixture, settingsWriter, taskFixture } from '../configbackup/testFixtures';

const runs = ['2026-03-02T02:00:00Z', '2026-03-03T02:00:00Z'];

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    SystemTask: ({ kind }) => ({ systemTask: taskFixture({ kind: kind as 'CONFIG_BACKUP' }) }),
    DestinationOptions: {
      destinations: connection('Destination', [
        { __typename: 'Destination', id: 'dst_nas', name: 'nas', kind: 'sftp' },
        { __typename: 'Destination', id: 'dst_s3', name: 'bucket', kind: 's3' },
      ]),
    },
    ProfileOptions: {
      encryptionProfiles: connection('EncryptionProfile', [
        { __typename: 'EncryptionProfile', id: 'prf_offsite', name: 'offsite', keyID: 'ee5133d4b9df3c93' },
      ]),
    },
    SchedulePreview: { schedulePreview: runs },
    ...extra,
  };
}

async function card(name: string) {
  return within(await screen.findByRole('region', { name }));
}

describe('SystemTaskCard', () => {
  it('shows the saved task, runs it now and shows the finished run', async () => {
    const { client } = renderAdmin('/settings?tab=config-backup', {
      permissions: settingsWriter,
      handlers: handlers({ RunSystemTask: { runSystemTask: runFixture() } }),
    });
    const task = await card('Scheduled Config Backup');
    await waitFor(() => expect(task.getByRole('combobox', { name: 'Schedule' })).toHaveValue('Daily'));
    expect(task.getByTestId('cron-expression')).toHaveTextContent('0 3 * * *');
    expect(task.getByRole('combobox', { name: /^Destination/ })).toHaveValue('nas');
    expect(task.getByText('It has not run yet.')).toBeInTheDocument();
    expect(
      within(task.getByRole('list', { name: 'How to restore a Scheduled Config Backup' })).getAllByRole('listitem'),
    ).toHaveLength(2);

    fireEvent.click(task.getByRole('button', { name: 'Run now' }));
    const result = within(await task.findByRole('group', { name: 'Run now result' }));
    expect(result.getByTestId('run-status')).toHaveTextContent('Succeeded');
    expect(result.getByText('dbackup-config/2026-03-01T100000Z.json.enc')).toBeInTheDocument();
    expect(result.getByText(/4\.0 KiB/)).toBeInTheDocument();
    expect(result.getByText(/Started by hand/)).toBeInTheDocument();
    expect(sent(client, 'RunSystemTask')).toEqual([{ kind: 'CONFIG_BACKUP' }]);
    // The task is read again for its new last run.
    await waitFor(() => expect(sent(client, 'SystemTask').length).toBeGreaterThan(1));
  });

  it('shows why a run failed', async () => {
    renderAdmin('/settings?tab=config-backup', {
      permissions: settingsWriter,
      handlers: handlers({
        RunSystemTask: {
          runSystemTask: runFixture({
            status: 'FAILED',
            objectKey: null,
            size: null,
            error: 'sftp: permission denied',
          }),
        },
      }),
    });
    const task = await card('Scheduled Config Backup');
    fireEvent.click(await task.findByRole('button', { name: 'Run now' }));
    const alert = await task.findByRole('alert', { name: 'The run failed' });
    expect(within(alert).getByTestId('run-status')).toHaveTextContent('Failed');
    expect(alert).toHaveTextContent('sftp: permission denied');
  });

  it('needs a destination and a profile when enabled, and saves the task', async () => {
    const { client } = renderAdmin('/settings?tab=config-backup', {
      permissions: settingsWriter,
      handlers: handlers({
        SystemTask: {
          systemTask: taskFixture({
            enabled: false,
            schedule: '',
            timezone: 'UTC',
            destination: null,
            encryptionProfile: null,
          }),
        },
        UpdateSystemTask: ({ input }) => ({
          updateSystemTask: taskFixture({ ...(input as object), destination: taskFixture().destination }),
        }),
      }),
    });
    const task = await card('Scheduled Config Backup');
    expect(await task.findByRole('button', { name: 'Run now' })).toBeDisabled();
    expect(task.getByText(/Save a destination and an encryption profile/)).toBeInTheDocument();
    fireEvent.click(task.getByRole('switch', { name: /Enabled/ }));
    fireEvent.click(task.getByRole('button', { name: 'Save' }));
    expect(await task.findByText('Choose where the backup is stored.')).toBeInTheDocument();
    expect(task.getByText('Choose an encryption profile: the backup holds credentials.')).toBeInTheDocument();
    expect(sent(client, 'UpdateSystemTask')).toEqual([]);

    await pick(task, /^Destination/, 'nas');
    await pick(task, /^Encryption profile/, 'offsite (ee5133d4b9df3c93)');
    fireEvent.click(task.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(sent(client, 'UpdateSystemTask')).toEqual([
        {
          kind: 'CONFIG_BACKUP',
          input: {
            enabled: true,
            schedule: '0 3 * * *',
            timezone: 'UTC',
            destinationId: 'dst_nas',
            encryptionProfileId: 'prf_offsite',
            keepLast: 14,
          },
        },
      ]),
    );
  });

  it('shows the server’s objection next to the field it names', async () => {
    renderAdmin('/settings?tab=config-backup', {
      permissions: settingsWriter,
      handlers: handlers({ UpdateSystemTask: serverError('keep last must be at most 1000', { field: 'keepLast' }) }),
    });
    const task = await card('Scheduled Config Backup');
    fireEvent.click(await task.findByRole('button', { name: 'Save' }));
    expect(await task.findByText('keep last must be at most 1000')).toBeInTheDocument();
  });

  it('shows the System Backup with its restore steps and the ENCRYPTION_KEY it needs, read-only without settings:write', async () => {
    const { client } = renderAdmin('/settings?tab=system-backup', {
      permissions: ['settings:read'],
      handlers: handlers({
        SystemTask: {
          systemTask: taskFixture({
            kind: 'SYSTEM_BACKUP',
            lastRun: runFixture({ scheduled: true }),
            restoreSteps: [
              '1. Stop DBackup.',
              'Download the newest System Backup.',
              'Start DBackup with the same `ENCRYPTION_KEY`.',
            ],
          }),
        },
      }),
    });
    const restore = await card('Restoring a System Backup');
    expect(restore.getByText('Keep the ENCRYPTION_KEY with the backups')).toBeInTheDocument();
    expect(restore.getByText(/its key check reports a mismatch/)).toBeInTheDocument();
    const steps = await restore.findByRole('list', { name: 'How to restore a System Backup' });
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Stop DBackup.', 'Download the newest System Backup.', 'Start DBackup with the same ENCRYPTION_KEY.']);

    const task = await card('System Backup');
    const last = within(await task.findByRole('group', { name: 'Last run' }));
    expect(last.getByText(/Started by the schedule/)).toBeInTheDocument();
    expect(task.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(task.queryByRole('button', { name: 'Run now' })).toBeNull();
    expect(sent(client, 'SystemTask')[0]).toEqual({ kind: 'SYSTEM_BACKUP' });
  });
});
