import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connection } from '../admin/test/fixtures';
import { type Handler, renderAdmin, sent, serverError } from '../admin/test/fakeServer';
import { pick, type } from '../admin/test/interact';
import { job, target } from '../test/configFixtures';
import { browserTimeZone } from './jobForm';
import { formatRunTime } from './runTimes';

const writer = ['jobs:read', 'jobs:write', 'destinations:read'];

const nightly = job({ name: 'nightly', targets: [target(0, 'offsite', { keepLast: 3 })] });
const custom = job({ name: 'sixhourly', schedule: '@every 6h', timezone: 'UTC', targets: [target(0, 'offsite')] });

const runs = [
  '2026-03-02T02:00:00Z',
  '2026-03-03T02:00:00Z',
  '2026-03-04T02:00:00Z',
  '2026-03-05T02:00:00Z',
  '2026-03-06T02:00:00Z',
];

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    JobList: { jobs: connection('Job', [nightly, custom]) },
    DestinationOptions: { destinations: connection('Destination', []) },
    SchedulePreview: { schedulePreview: runs },
    ...extra,
  };
}

async function edit(name: string) {
  fireEvent.click(await screen.findByRole('button', { name: `Edit ${name}` }));
  return within(await screen.findByRole('dialog', { name: `Edit ${name}` }));
}

/** rows are the next runs as listed: the job's zone, then the viewer's. */
function rows(dialog: ReturnType<typeof within>): string[][] {
  const table = dialog.getByRole('table', { name: 'Next runs' });
  return [...table.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? ''));
}

describe('ScheduleFields', () => {
  it('reads a stored schedule back into its mode and lists the next runs in both zones', async () => {
    const { client } = renderAdmin('/jobs', { permissions: writer, handlers: handlers() });
    const dialog = await edit('nightly');

    expect(dialog.getByRole('combobox', { name: 'Schedule' })).toHaveValue('Daily');
    expect(dialog.getByLabelText('Time', { exact: true })).toHaveValue('03:00');
    expect(dialog.getByTestId('cron-expression')).toHaveTextContent('0 3 * * *');
    expect(dialog.getByRole('combobox', { name: 'Catch up after downtime' })).toHaveValue('Run once');

    await dialog.findByRole('table', { name: 'Next runs' });
    const local = browserTimeZone();
    expect(rows(dialog)).toEqual(runs.map((run) => [formatRunTime(run, 'Europe/Berlin'), formatRunTime(run, local)]));
    expect(rows(dialog)[0]?.[0]).toBe('Mon 02 Mar 03:00');
    expect(dialog.getByRole('columnheader', { name: `Your time (${local})` })).toBeInTheDocument();
    expect(sent(client, 'SchedulePreview')).toEqual([{ schedule: '0 3 * * *', timezone: 'Europe/Berlin', count: 5 }]);
  });

  it('writes a weekly schedule from the weekdays, keeping at least one, and asks once typing pauses', async () => {
    const { client } = renderAdmin('/jobs', { permissions: writer, handlers: handlers() });
    const dialog = await edit('nightly');

    await pick(dialog, 'Schedule', 'Weekly');
    const expression = dialog.getByTestId('cron-expression');
    expect(expression).toHaveTextContent('0 3 * * 1');
    fireEvent.click(dialog.getByRole('checkbox', { name: 'Wed' }));
    fireEvent.click(dialog.getByRole('checkbox', { name: 'Fri' }));
    expect(expression).toHaveTextContent('0 3 * * 1,3,5');
    fireEvent.click(dialog.getByRole('checkbox', { name: 'Mon' }));
    fireEvent.click(dialog.getByRole('checkbox', { name: 'Fri' }));
    expect(expression).toHaveTextContent('0 3 * * 3');
    // The last weekday stays: a weekly schedule without one would never run.
    fireEvent.click(dialog.getByRole('checkbox', { name: 'Wed' }));
    expect(expression).toHaveTextContent('0 3 * * 3');
    fireEvent.change(dialog.getByLabelText('Time', { exact: true }), { target: { value: '00:00' } });
    expect(expression).toHaveTextContent('0 0 * * 3');
    expect(dialog.getByText(/Runs every Wed at 00:00/)).toBeInTheDocument();

    await waitFor(() => expect(sent(client, 'SchedulePreview').at(-1)).toMatchObject({ schedule: '0 0 * * 3' }));
    // The intermediate expressions were typed faster than the wait: none of them was asked for.
    expect(sent(client, 'SchedulePreview').map((v) => v.schedule)).not.toContain('0 3 * * 1,3,5');

    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(sent(client, 'UpdateJob')).toEqual([{ id: nightly.id, input: { schedule: '0 0 * * 3' } }]),
    );
  });

  it('keeps a descriptor as custom cron and shows the server’s objection under the field it names', async () => {
    renderAdmin('/jobs', {
      permissions: writer,
      handlers: handlers({
        SchedulePreview: ({ schedule }) => {
          if (schedule === '@every 10s')
            return serverError('@every must be at least 1 minute', { code: 'INVALID_INPUT', field: 'schedule' });
          return { schedulePreview: runs };
        },
      }),
    });
    const dialog = await edit('sixhourly');

    expect(dialog.getByRole('combobox', { name: 'Schedule' })).toHaveValue('Custom cron');
    const field = dialog.getByRole('textbox', { name: 'Cron expression' });
    expect(field).toHaveValue('@every 6h');
    await dialog.findByRole('table', { name: 'Next runs' });

    type(dialog, 'Cron expression', '@every 10s');
    expect(await dialog.findByText('@every must be at least 1 minute')).toBeInTheDocument();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(dialog.queryByRole('table', { name: 'Next runs' })).toBeNull();

    type(dialog, 'Cron expression', '0 3 * *');
    // Plainly not cron: caught before asking the server, which is not asked.
    expect(await dialog.findByText('Shown once the schedule is valid.')).toBeInTheDocument();
  });

  it('puts a time zone the server rejects under the time zone', async () => {
    renderAdmin('/jobs', {
      permissions: writer,
      handlers: handlers({
        JobList: { jobs: connection('Job', [{ ...nightly, timezone: 'Mars/Olympus' }]) },
        SchedulePreview: serverError('unknown time zone Mars/Olympus', { code: 'INVALID_INPUT', field: 'timezone' }),
      }),
    });
    const dialog = await edit('nightly');

    expect(await dialog.findByText('unknown time zone Mars/Olympus')).toBeInTheDocument();
    expect(dialog.getByRole('combobox', { name: 'Time zone' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('hides the zone, catch-up and preview for a manual job and sends the catch-up policy', async () => {
    const { client } = renderAdmin('/jobs', { permissions: writer, handlers: handlers() });
    const dialog = await edit('nightly');

    await pick(dialog, 'Catch up after downtime', 'Skip');
    expect(dialog.getByText(/run it once at start, or skip to the next regular time/)).toBeInTheDocument();
    await pick(dialog, 'Schedule', 'Manual only');
    expect(dialog.queryByRole('combobox', { name: 'Time zone' })).toBeNull();
    expect(dialog.queryByRole('table', { name: 'Next runs' })).toBeNull();
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(sent(client, 'UpdateJob')).toEqual([{ id: nightly.id, input: { schedule: '', catchUp: 'skip' } }]),
    );
  });
});
