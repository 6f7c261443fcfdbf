import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connection } from '../admin/test/fixtures';
import { type Handler, renderAdmin, sent, serverError } from '../admin/test/fakeServer';
import { type } from '../admin/test/interact';
import { job, target } from '../test/configFixtures';

const nightly = job({ name: 'nightly', targets: [target(0, 'offsite', { keepLast: 2 }), target(1, 'nas')] });

const backup = (id: string, createdAt: string, locked = false) => ({
  __typename: 'Backup',
  id,
  createdAt,
  objectKey: `nightly/${id}.sqlite.zst`,
  sizeBytes: 2048,
  locked,
});

const decisions = [
  { __typename: 'RetentionDecision', backup: backup('b3', '2026-03-03T02:00:00Z'), keep: true, reasons: ['newest successful backup', 'last 2'] },
  { __typename: 'RetentionDecision', backup: backup('b2', '2026-03-02T02:00:00Z'), keep: true, reasons: ['last 2'] },
  { __typename: 'RetentionDecision', backup: backup('b1', '2026-03-01T02:00:00Z', true), keep: true, reasons: ['locked'] },
  { __typename: 'RetentionDecision', backup: backup('b0', '2026-02-28T02:00:00Z'), keep: false, reasons: ['not kept by any rule'] },
];

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    JobList: { jobs: connection('Job', [nightly]) },
    DestinationOptions: { destinations: connection('Destination', []) },
    SchedulePreview: { schedulePreview: [] },
    RetentionPreview: { retentionPreview: decisions },
    ...extra,
  };
}

async function edit() {
  fireEvent.click(await screen.findByRole('button', { name: 'Edit nightly' }));
  return within(await screen.findByRole('dialog', { name: 'Edit nightly' }));
}

describe('RetentionPreviewDialog', () => {
  it('lists the dry run with Keep or Delete and the reasons, and counts them', async () => {
    const { client } = renderAdmin('/jobs', { permissions: ['jobs:read', 'jobs:write', 'storage:read'], handlers: handlers() });
    const form = await edit();

    fireEvent.click(form.getByRole('button', { name: 'Preview retention on offsite' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Retention on offsite' }));
    expect(await dialog.findByTestId('retention-summary')).toHaveTextContent('Retention keeps 3, deletes 1.');
    expect(sent(client, 'RetentionPreview')).toEqual([{ job: nightly.id, destination: 'dst_offsite' }]);
    const rows = [...dialog.getByRole('table', { name: 'Retention preview' }).querySelectorAll('tbody tr')].map((row) =>
      [...row.querySelectorAll('td')].slice(1).map((td) => td.textContent),
    );
    expect(rows).toEqual([
      ['nightly/b3.sqlite.zst', '2.0 KiB', 'Keep', 'newest successful backup, last 2'],
      ['nightly/b2.sqlite.zst', '2.0 KiB', 'Keep', 'last 2'],
      ['nightly/b1.sqlite.zst', '2.0 KiB', 'Keep', 'locked'],
      ['nightly/b0.sqlite.zst', '2.0 KiB', 'Delete', 'not kept by any rule'],
    ]);
    expect(dialog.getByLabelText('Locked')).toBeInTheDocument();
    expect(dialog.queryByText(/save to preview them/)).toBeNull();

    fireEvent.click(dialog.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Retention on offsite' })).toBeNull());
    expect(screen.getByRole('dialog', { name: 'Edit nightly' })).toBeInTheDocument();
  });

  it('says when the form’s rules are not saved yet, when there is nothing to preview, and why it failed', async () => {
    renderAdmin('/jobs', {
      permissions: ['jobs:read', 'jobs:write', 'storage:read'],
      handlers: handlers({
        RetentionPreview: ({ destination }) =>
          destination === 'dst_nas'
            ? { retentionPreview: [] }
            : serverError('offsite cannot be read', { code: 'INTERNAL' }),
      }),
    });
    const form = await edit();

    type(form, 'Keep last of offsite', '5');
    fireEvent.click(form.getByRole('button', { name: 'Preview retention on offsite' }));
    let dialog = within(await screen.findByRole('dialog', { name: 'Retention on offsite' }));
    expect(dialog.getByText(/You changed the rules of offsite in the form; save to preview them/)).toBeInTheDocument();
    expect(await dialog.findByText('offsite cannot be read')).toBeInTheDocument();
    fireEvent.click(dialog.getByRole('button', { name: 'Done' }));

    fireEvent.click(form.getByRole('button', { name: 'Preview retention on nas' }));
    dialog = within(await screen.findByRole('dialog', { name: 'Retention on nas' }));
    expect(await dialog.findByText('No backups of this job on nas yet.')).toBeInTheDocument();
  });

  it('offers no preview without storage:read, and explains each retention rule', async () => {
    renderAdmin('/jobs', { permissions: ['jobs:read', 'jobs:write'], handlers: handlers() });
    const form = await edit();
    expect(form.getByRole('group', { name: 'Destination 1: offsite' })).toBeInTheDocument();
    expect(form.queryByRole('button', { name: /^Preview retention/ })).toBeNull();
    expect(form.getAllByText('Every backup of the last N days')).toHaveLength(2);
  });
});
