import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import dayjs from 'dayjs';
import { describe, expect, it, vi } from 'vitest';
import { auditEntry, connection } from '../test/fixtures';
import { type Handler, renderAdmin, sent, serverError } from '../test/fakeServer';
import { cells, type } from '../test/interact';
import { auditPageSize } from './AuditLogTable';

const reader = ['audit:read'];
const admin = ['audit:read', 'settings:write'];

const page1 = [
  auditEntry(1),
  auditEntry(2, {
    actor: 'ci key',
    action: 'job.run',
    entityType: 'Job',
    entityID: 'job_1',
    fields: null,
    ip: null,
    userAgent: null,
  }),
];
const page2 = [auditEntry(3, { action: 'vault.forgetUndecryptable', entityType: null, entityID: null, fields: null })];

function log(variables: Record<string, unknown>) {
  if (variables.after === 'c1')
    return { auditLog: connection('AuditEntry', page2, { hasNextPage: false, endCursor: 'c2' }) };
  return { auditLog: connection('AuditEntry', page1, { hasNextPage: true, endCursor: 'c1' }) };
}

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    AuditLog: log,
    AuditSettings: { auditSettings: { __typename: 'AuditSettings', retentionDays: 30 } },
    ...extra,
  };
}

/** dropdownOf is the open dropdown of a date picker, which the picker names in aria-controls. */
function dropdownOf(picker: HTMLElement): HTMLElement {
  const dropdown = document.getElementById(picker.getAttribute('aria-controls') ?? '');
  if (!dropdown) throw new Error('the picker has not opened');
  return dropdown;
}

describe('AuditPage', () => {
  it('lists the newest entries and loads more after the last cursor', async () => {
    const { client } = renderAdmin('/audit', { permissions: reader, handlers: handlers() });

    await screen.findByRole('button', { name: 'Load more' });
    expect(sent(client, 'AuditLog')).toEqual([{ first: auditPageSize, after: null, where: {} }]);
    const rows = cells('Audit log');
    expect(rows[0]?.slice(1)).toEqual([
      'alice',
      'user.update',
      'Userusr_bob',
      'displayName, email',
      '192.0.2.7',
      'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
    ]);
    expect(rows[0]?.[0]).toMatch(/2026/);
    expect(rows[1]?.slice(1)).toEqual(['ci key', 'job.run', 'Jobjob_1', '', '', '']);

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));

    await screen.findByText('vault.forgetUndecryptable');
    expect(sent(client, 'AuditLog')).toEqual([
      { first: auditPageSize, after: null, where: {} },
      { first: auditPageSize, after: 'c1', where: {} },
    ]);
    expect(cells('Audit log').map((r) => r[2])).toEqual(['user.update', 'job.run', 'vault.forgetUndecryptable']);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('filters by actor, action and entity, and starts again from the newest entry', async () => {
    const { client } = renderAdmin('/audit', { permissions: reader, handlers: handlers() });
    fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    await screen.findByText('vault.forgetUndecryptable');

    const filters = within(screen.getByRole('form', { name: 'Audit log filters' }));
    type(filters, /^Actor/, ' Alice ');
    type(filters, /^Action/, 'user.');
    type(filters, /^Entity type/, 'User');
    type(filters, /^Entity id/, 'usr_bob');
    fireEvent.click(filters.getByRole('button', { name: 'Apply filters' }));

    const where = {
      actorContainsFold: 'Alice',
      actionHasPrefix: 'user.',
      entityTypeEqualFold: 'User',
      entityID: 'usr_bob',
    };
    await waitFor(() => expect(sent(client, 'AuditLog').at(-1)).toEqual({ first: auditPageSize, after: null, where }));
    await waitFor(() => expect(screen.queryByText('vault.forgetUndecryptable')).toBeNull());

    fireEvent.click(filters.getByRole('button', { name: 'Reset' }));
    await waitFor(() =>
      expect(sent(client, 'AuditLog').at(-1)).toEqual({ first: auditPageSize, after: null, where: {} }),
    );
    expect(filters.getByLabelText(/^Actor/)).toHaveValue('');
  });

  it('filters by a time range picked in the calendar', async () => {
    // jsdom hides the dropdown (see pick), so Mantine's focus trap finds nothing to focus and says so.
    const warn = console.warn;
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes('use-focus-trap')) warn(...args);
    });
    const { client } = renderAdmin('/audit', { permissions: reader, handlers: handlers() });
    const filters = within(await screen.findByRole('form', { name: 'Audit log filters' }));
    // The calendar opens on the current month; pick its 1st (from) and 2nd (to), at 00:00.
    const first = dayjs().startOf('month');

    for (const [label, day, submit] of [
      [/^From/, first, 'Use this start'],
      [/^To/, first.add(1, 'day'), 'Use this end'],
    ] as const) {
      const picker = filters.getByLabelText(label);
      fireEvent.click(picker);
      const dropdown = within(await waitFor(() => dropdownOf(picker)));
      fireEvent.click(dropdown.getByRole('button', { name: day.format('D MMMM YYYY'), hidden: true }));
      fireEvent.click(dropdown.getByRole('button', { name: submit, hidden: true }));
    }
    fireEvent.click(filters.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() =>
      expect(sent(client, 'AuditLog').at(-1)?.where).toEqual({
        timeGTE: first.toDate().toISOString(),
        timeLTE: first.add(1, 'day').toDate().toISOString(),
      }),
    );
  }, 15_000); // Two calendars render slowly in jsdom.

  it('says when no entry matches and why the log could not be read', async () => {
    renderAdmin('/audit', {
      permissions: reader,
      handlers: handlers({
        AuditLog: (variables) =>
          (variables.where as { actorContainsFold?: string }).actorContainsFold
            ? serverError('permission audit:read is required', { code: 'FORBIDDEN', permission: 'audit:read' })
            : { auditLog: connection('AuditEntry', [], { hasNextPage: false, endCursor: null }) },
      }),
    });

    expect(await screen.findByText('No entries match.')).toBeInTheDocument();
    const filters = within(screen.getByRole('form', { name: 'Audit log filters' }));
    type(filters, /^Actor/, 'x');
    fireEvent.click(filters.getByRole('button', { name: 'Apply filters' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Not allowed');
    expect(alert).toHaveTextContent('permission audit:read is required');
  });

  it('changes the retention with settings:write', async () => {
    const { client } = renderAdmin('/audit', {
      permissions: admin,
      handlers: handlers({
        UpdateAuditSettings: (variables) => {
          const days = (variables.input as { retentionDays: number }).retentionDays;
          if (days > 3000) return serverError('at most 3650 days', { code: 'INVALID_INPUT', field: 'retentionDays' });
          return { updateAuditSettings: { __typename: 'AuditSettings', retentionDays: days } };
        },
      }),
    });
    const card = within(await screen.findByRole('region', { name: 'Retention' }));
    const days = await card.findByRole('textbox', { name: /^Keep entries for/ });
    expect(days).toHaveValue('30');
    const save = card.getByRole('button', { name: 'Save retention' });
    expect(save).toBeDisabled();

    fireEvent.change(days, { target: { value: '90' } });
    fireEvent.click(save);
    await waitFor(() => expect(sent(client, 'UpdateAuditSettings')).toEqual([{ input: { retentionDays: 90 } }]));
    expect(await screen.findByText('Retention saved')).toBeInTheDocument();

    fireEvent.change(days, { target: { value: '3200' } });
    fireEvent.click(save);
    expect(await card.findByText('at most 3650 days')).toBeInTheDocument();
    expect(days).toHaveAccessibleDescription(expect.stringContaining('at most 3650 days'));
  });

  it('shows the retention read-only without settings:write', async () => {
    renderAdmin('/audit', { permissions: reader, handlers: handlers() });
    const card = within(await screen.findByRole('region', { name: 'Retention' }));

    expect(await card.findByRole('textbox', { name: /^Keep entries for/ })).toHaveAttribute('readonly');
    expect(card.queryByRole('button', { name: 'Save retention' })).toBeNull();
    expect(card.getByText(/needs the settings:write permission/)).toBeInTheDocument();
  });
});
