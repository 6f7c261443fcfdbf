import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { formatDateTime } from '../admin/DateTime';
import { connection } from '../admin/test/fixtures';
import { type Handler, renderAdmin, sent, serverError } from '../admin/test/fakeServer';
import { cells, pick, type } from '../admin/test/interact';
import { job, target } from '../test/configFixtures';

/**
 * formTimeoutMs lets the test that fills in the whole job form take longer than Vitest's 5 s:
 * jsdom renders each of its selects' dropdowns, which takes seconds when the suite runs in parallel.
 */
const formTimeoutMs = 20_000;

const writer = ['jobs:read', 'jobs:write', 'sources:read', 'sources:write', 'destinations:read', 'vault:read'];

const nightly = job({
  name: 'nightly',
  databases: ['shop', 'crm'],
  encryptionProfile: { __typename: 'EncryptionProfile', id: 'enc_main', name: 'main' },
  targets: [target(1, 'nas', { keepDaily: 7 }), target(0, 'offsite', { keepLast: 3 })],
});
const manual = job({ name: 'manual', schedule: null, nextRunAt: null, enabled: false, targets: [target(0, 'nas')] });

const options = {
  SourceOptions: {
    sources: connection('Source', [{ __typename: 'Source', id: 'src_main', name: 'main', engine: 'postgres' }]),
  },
  DestinationOptions: {
    destinations: connection('Destination', [
      { __typename: 'Destination', id: 'dst_nas', name: 'nas', kind: 'sftp' },
      { __typename: 'Destination', id: 'dst_offsite', name: 'offsite', kind: 's3' },
    ]),
  },
  ProfileOptions: {
    encryptionProfiles: connection('EncryptionProfile', [
      { __typename: 'EncryptionProfile', id: 'enc_main', name: 'main', keyID: 'ee5133d4b9df3c93' },
    ]),
  },
};

/** notifier may also pick the channels a job notifies. */
const notifier = [...writer, 'notifications:read'];

const channelOptions = {
  NotificationChannelOptions: {
    notificationChannels: connection('NotificationChannel', [
      { __typename: 'NotificationChannel', id: 'ntc_ops', name: 'ops hook', kind: 'webhook', enabled: true },
      { __typename: 'NotificationChannel', id: 'ntc_pager', name: 'pager', kind: 'telegram', enabled: false },
    ]),
  },
};

/**
 * choose picks option in the multi-select labelled label. Every multi-select of the form lists
 * the same channels, so the option is looked for only in the list that select opened.
 */
async function choose(scope: ReturnType<typeof within>, label: string, option: string) {
  const box = scope.getByRole('combobox', { name: label });
  fireEvent.click(box);
  const list = await waitFor(() => {
    const id = box.getAttribute('aria-controls');
    const found = id ? document.getElementById(id) : null;
    if (!found) throw new Error(`${label} opened no list`);
    return found;
  });
  fireEvent.click(within(list).getByRole('option', { name: option, hidden: true }));
}

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return { JobList: { jobs: connection('Job', [manual, nightly]) }, ...options, ...channelOptions, ...extra };
}

describe('JobsPage', () => {
  it('lists the jobs with source, ordered destinations, schedule with the next run, and state', async () => {
    renderAdmin('/jobs', { permissions: writer, handlers: handlers() });

    await screen.findByRole('table', { name: 'Jobs' });
    const [first = [], second = []] = cells('Jobs');
    expect(first.slice(0, 4)).toEqual(['manual', 'mainall databases', 'nas', 'Not scheduled']);
    expect(second.slice(0, 3)).toEqual(['nightly', 'mainshop, crm', 'offsitenas']);
    expect(second[3]).toMatch(/^0 3 \* \* \* Europe\/BerlinNext run: .+ — Mon 02 Mar 03:00 Europe\/Berlin$/);
    expect(screen.getAllByTestId('next-run')[1]).toHaveTextContent(/Next run/);
    expect(screen.getByRole('switch', { name: 'Enabled nightly' })).toBeChecked();
    expect(screen.getByRole('switch', { name: 'Enabled manual' })).not.toBeChecked();
    expect(screen.getByLabelText('Encrypted with main')).toBeInTheDocument();
  });

  it('pauses a job from its switch', async () => {
    const { client } = renderAdmin('/jobs', {
      permissions: writer,
      handlers: handlers({ UpdateJob: { updateJob: { ...nightly, enabled: false, nextRunAt: null } } }),
    });

    fireEvent.click(await screen.findByRole('switch', { name: 'Enabled nightly' }));

    await waitFor(() => expect(sent(client, 'UpdateJob')).toEqual([{ id: nightly.id, input: { enabled: false } }]));
  });

  it('offers no changes to a viewer without jobs:write', async () => {
    renderAdmin('/jobs', { permissions: ['jobs:read'], handlers: handlers() });

    await screen.findByRole('table', { name: 'Jobs' });
    expect(screen.queryByRole('button', { name: 'New job' })).toBeNull();
    expect(screen.getByRole('switch', { name: 'Enabled nightly' })).toBeDisabled();
  });

  it(
    'creates a job with ordered destinations, each with its retention',
    async () => {
      const { client } = renderAdmin('/jobs', {
        permissions: writer,
        handlers: handlers({ CreateJob: { createJob: nightly } }),
      });

      fireEvent.click(await screen.findByRole('button', { name: 'New job' }));
      const dialog = within(await screen.findByRole('dialog', { name: 'New job' }));
      expect(dialog.getByRole('combobox', { name: 'Compression' })).toHaveValue('Zstandard (recommended)');
      type(dialog, /^Name/, 'nightly');
      await pick(dialog, /^Source/, 'main');
      await pick(dialog, 'Add a destination', 'nas');
      await pick(dialog, 'Add a destination', 'offsite');
      fireEvent.click(dialog.getByRole('button', { name: 'Move offsite up' }));
      const offsite = within(dialog.getByRole('group', { name: 'Destination 1: offsite' }));
      type(offsite, 'Keep last of offsite', '3');
      type(dialog, 'Daily of nas', '7');
      await pick(dialog, 'Schedule', 'Daily');
      expect(dialog.getByTestId('cron-expression')).toHaveTextContent('0 3 * * *');
      // The zone list is long: typing into the focused input narrows it, as a user would.
      const zone = dialog.getByRole('combobox', { name: 'Time zone' });
      zone.focus();
      fireEvent.change(zone, { target: { value: 'Berlin' } });
      fireEvent.click(await screen.findByRole('option', { name: 'Europe/Berlin', hidden: true }));
      await pick(dialog, 'Encryption profile', 'main (ee5133d4b9df3c93)');
      fireEvent.click(dialog.getByRole('button', { name: 'Create job' }));

      await waitFor(() => expect(sent(client, 'CreateJob')).toHaveLength(1));
      expect(sent(client, 'CreateJob')[0]).toEqual({
        input: {
          name: 'nightly',
          sourceId: 'src_main',
          targets: [
            { destinationId: 'dst_offsite', retention: { keepLast: 3 } },
            { destinationId: 'dst_nas', retention: { keepDaily: 7 } },
          ],
          compression: 'zstd',
          encryptionProfileId: 'enc_main',
          schedule: '0 3 * * *',
          timezone: 'Europe/Berlin',
          enabled: true,
          catchUp: 'run_once',
        },
      });
      expect(await screen.findByText('Job created')).toBeInTheDocument();
    },
    formTimeoutMs,
  );

  it(
    'creates a job that notifies the chosen channels of each outcome',
    async () => {
      const { client } = renderAdmin('/jobs', {
        permissions: notifier,
        handlers: handlers({ CreateJob: { createJob: nightly } }),
      });

      fireEvent.click(await screen.findByRole('button', { name: 'New job' }));
      const dialog = within(await screen.findByRole('dialog', { name: 'New job' }));
      type(dialog, /^Name/, 'nightly');
      await pick(dialog, /^Source/, 'main');
      await pick(dialog, 'Add a destination', 'nas');
      await choose(dialog, 'On success', 'ops hook');
      await choose(dialog, 'On failure', 'ops hook');
      await choose(dialog, 'On failure', 'pager (disabled)');
      fireEvent.click(dialog.getByRole('button', { name: 'Create job' }));

      await waitFor(() => expect(sent(client, 'CreateJob')).toHaveLength(1));
      expect(sent(client, 'CreateJob')[0]).toMatchObject({
        input: { notifySuccessIds: ['ntc_ops'], notifyFailureIds: ['ntc_ops', 'ntc_pager'] },
      });
      expect(sent(client, 'CreateJob')[0]?.input).not.toHaveProperty('notifyPartialIds');
    },
    formTimeoutMs,
  );

  it('sends only the notification lists an edit changed', async () => {
    const watched = {
      ...nightly,
      notifySuccess: [{ __typename: 'NotificationChannel' as const, id: 'ntc_ops' }],
      notifyFailure: [{ __typename: 'NotificationChannel' as const, id: 'ntc_pager' }],
    };
    const { client } = renderAdmin('/jobs', {
      permissions: notifier,
      handlers: handlers({
        JobList: { jobs: connection('Job', [watched]) },
        UpdateJob: { updateJob: watched },
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit nightly' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit nightly' }));
    await choose(dialog, 'On partial success (some destinations failed)', 'ops hook');
    fireEvent.click(dialog.getByRole('button', { name: 'Clear On failure' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(sent(client, 'UpdateJob')).toHaveLength(1));
    expect(sent(client, 'UpdateJob')[0]).toEqual({
      id: nightly.id,
      input: { notifyPartialIds: ['ntc_ops'], notifyFailureIds: [] },
    });
  });

  it('says that picking channels needs notifications:read', async () => {
    renderAdmin('/jobs', { permissions: writer, handlers: handlers() });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit nightly' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit nightly' }));
    expect(dialog.getByText(/needs the notifications:read permission/)).toBeInTheDocument();
    expect(dialog.queryByRole('combobox', { name: 'On success' })).toBeNull();
  });

  it('asks for a source and a destination before sending', async () => {
    const { client } = renderAdmin('/jobs', { permissions: writer, handlers: handlers() });

    fireEvent.click(await screen.findByRole('button', { name: 'New job' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New job' }));
    type(dialog, /^Name/, 'nightly');
    fireEvent.click(dialog.getByRole('button', { name: 'Create job' }));

    expect(await dialog.findByText('Choose the source to back up')).toBeInTheDocument();
    expect(dialog.getByText('Add at least one destination')).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
  });

  it('removes the encryption profile with clearEncryptionProfile and shows a schedule error next to the schedule', async () => {
    const { client } = renderAdmin('/jobs', {
      permissions: writer,
      handlers: handlers({
        UpdateJob: serverError('schedule "61 3 * * *": end of range (61) above maximum (59)', {
          code: 'INVALID_INPUT',
          field: 'schedule',
        }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit nightly' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit nightly' }));
    expect(dialog.getByRole('group', { name: 'Destination 1: offsite' })).toBeInTheDocument();
    fireEvent.click(dialog.getByRole('button', { name: 'No encryption' }));
    await pick(dialog, 'Schedule', 'Custom cron');
    expect(dialog.getByRole('textbox', { name: 'Cron expression' })).toHaveValue('0 3 * * *');
    type(dialog, 'Cron expression', '61 3 * * *');
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(sent(client, 'UpdateJob')).toHaveLength(1));
    expect(sent(client, 'UpdateJob')[0]).toEqual({
      id: nightly.id,
      input: { clearEncryptionProfile: true, schedule: '61 3 * * *' },
    });
    expect(await dialog.findByText(/end of range \(61\)/)).toBeInTheDocument();
    expect(dialog.getByRole('textbox', { name: 'Cron expression' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('sends a naming template and shows the server’s objection next to it', async () => {
    const { client } = renderAdmin('/jobs', {
      permissions: writer,
      handlers: handlers({
        UpdateJob: serverError('invalid naming template: unknown token {host}', {
          code: 'INVALID_INPUT',
          field: 'nameTemplate',
        }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit nightly' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit nightly' }));
    const field = dialog.getByRole('textbox', { name: 'Object name template' });
    expect(field).toHaveValue('');
    expect(field).toHaveAttribute('placeholder', '{job}/{job}_{database}_{date}_{time}');
    expect(dialog.getByText(/is added automatically/)).toBeInTheDocument();
    type(dialog, 'Object name template', ' {job}/{host}_{date} ');
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(sent(client, 'UpdateJob')).toHaveLength(1));
    expect(sent(client, 'UpdateJob')[0]).toEqual({ id: nightly.id, input: { nameTemplate: '{job}/{host}_{date}' } });
    expect(await dialog.findByText('invalid naming template: unknown token {host}')).toBeInTheDocument();
    expect(dialog.getByRole('textbox', { name: 'Object name template' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('loads the databases of the chosen source as suggestions', async () => {
    const { client } = renderAdmin('/jobs', {
      permissions: writer,
      handlers: handlers({
        SourceDatabases: {
          testSource: {
            __typename: 'SourceTestResult',
            ok: true,
            databases: [
              { __typename: 'DatabaseInfo', name: 'shop' },
              { __typename: 'DatabaseInfo', name: 'crm' },
            ],
            error: null,
          },
        },
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit manual' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit manual' }));
    expect(dialog.getByText(/Empty = all at run time/)).toBeInTheDocument();
    fireEvent.click(dialog.getByRole('button', { name: 'Load from source' }));

    expect(await dialog.findByText(/The source lists 2 databases/)).toBeInTheDocument();
    expect(sent(client, 'SourceDatabases')).toEqual([{ id: 'src_main' }]);
    await pick(dialog, 'Databases', 'crm');
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sent(client, 'UpdateJob')).toEqual([{ id: manual.id, input: { databases: ['crm'] } }]));
  });
  it('runs a job now and opens its live view', async () => {
    const { client, router } = renderAdmin('/jobs', {
      permissions: ['jobs:read', 'jobs:run', 'history:read'],
      handlers: handlers({ RunJob: { runJob: { __typename: 'Execution', id: 'exe_run', status: 'QUEUED' } } }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Run nightly now' }));

    await waitFor(() => expect(sent(client, 'RunJob')).toEqual([{ id: nightly.id }]));
    await waitFor(() => expect(router.state.location.pathname).toBe('/executions/exe_run'));
  });

  it('says why a job could not start and stays on the list', async () => {
    const { router } = renderAdmin('/jobs', {
      permissions: ['jobs:read', 'jobs:run'],
      handlers: handlers({ RunJob: serverError('nightly is already running', { code: 'CONFLICT' }) }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Run nightly now' }));

    expect(await screen.findByText('nightly is already running')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/jobs');
  });

  it('says a paused job is paused, and how far off the next run of a scheduled one is', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T23:00:00Z'));
    onTestFinished(() => void vi.useRealTimers());
    const paused = job({ name: 'paused', enabled: false, nextRunAt: null });
    renderAdmin('/jobs', { permissions: ['jobs:read'], handlers: handlers({ JobList: { jobs: connection('Job', [paused, nightly]) } }) });

    await screen.findByRole('table', { name: 'Jobs' });
    expect(screen.getAllByTestId('next-run').map((e) => e.textContent)).toEqual([
      'Paused',
      'Next run: in 3 h — Mon 02 Mar 03:00 Europe/Berlin',
    ]);
    expect(screen.getByText('Mon 02 Mar 03:00 Europe/Berlin', { exact: false }).closest('time')).toHaveAttribute(
      'title',
      `Your time: ${formatDateTime('2026-03-02T02:00:00Z')}`,
    );
  });

  it('offers Run now only with jobs:run', async () => {
    renderAdmin('/jobs', { permissions: writer, handlers: handlers() });
    await screen.findByRole('table', { name: 'Jobs' });
    expect(screen.queryByRole('button', { name: 'Run nightly now' })).toBeNull();
  });
});
