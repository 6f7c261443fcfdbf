import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { adminsGroup, alice, bob, catalog, connection, everyPermission, group, operatorsGroup } from '../test/fixtures';
import { type Handler, renderAdmin, sent, serverError } from '../test/fakeServer';
import { cells, pick, type } from '../test/interact';

const writer = ['users:read', 'groups:read', 'groups:write'];

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    GroupList: { groups: connection('Group', [adminsGroup, operatorsGroup]) },
    MemberOptions: { users: connection('User', [alice, bob]) },
    PermissionCatalog: { permissions: catalog },
    ...extra,
  };
}

async function openNewGroup() {
  fireEvent.click(await screen.findByRole('button', { name: 'New group' }));
  const dialog = within(await screen.findByRole('dialog', { name: 'New group' }));
  await dialog.findByRole('group', { name: 'jobs' });
  return dialog;
}

describe('GroupsPage', () => {
  it('lists the groups with their permission and member counts', async () => {
    renderAdmin('/users/groups', { permissions: writer, handlers: handlers() });

    await screen.findByRole('table', { name: 'Groups' });
    expect(cells('Groups')).toEqual([
      ['AdminsBuilt-in', 'Everything', 'all', '1', ''],
      ['Operators', 'Runs the backups', '2', '1', ''],
    ]);
    expect(screen.getByRole('tab', { name: 'Groups', selected: true })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Edit Admins' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete Admins' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Delete Operators' })).toBeInTheDocument();
  });

  it('offers no changes to a viewer without groups:write', async () => {
    renderAdmin('/users/groups', { permissions: ['users:read', 'groups:read'], handlers: handlers() });

    await screen.findByRole('table', { name: 'Groups' });
    expect(screen.queryByRole('button', { name: 'New group' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Edit|Delete/ })).toBeNull();
  });

  it('tells a viewer without groups:read which permission the page needs', async () => {
    renderAdmin('/users/groups', { permissions: ['users:read'], handlers: handlers() });

    expect(await screen.findByTestId('permission-denied')).toHaveTextContent('groups:read');
  });

  it('toggles a whole area of the permission picker', async () => {
    renderAdmin('/users/groups', { permissions: writer, handlers: handlers() });
    const dialog = await openNewGroup();
    const jobs = within(dialog.getByRole('group', { name: 'jobs' }));
    const all = jobs.getByRole('checkbox', { name: 'All of jobs' });
    const names = ['jobs:read', 'jobs:write', 'jobs:run'];
    const checked = () =>
      names.map((n) => (jobs.getByRole('checkbox', { name: new RegExp(`^${n}`) }) as HTMLInputElement).checked);

    fireEvent.click(all);
    expect(checked()).toEqual([true, true, true]);
    expect(all).toBeChecked();

    fireEvent.click(jobs.getByRole('checkbox', { name: /^jobs:write/ }));
    expect(checked()).toEqual([true, false, true]);
    expect(all).not.toBeChecked();
    expect(all).toHaveAttribute('data-indeterminate', 'true');

    fireEvent.click(all);
    expect(checked()).toEqual([true, true, true]);
    fireEvent.click(all);
    expect(checked()).toEqual([false, false, false]);
    // Other areas are left alone.
    expect(dialog.getByRole('checkbox', { name: 'All of sources' })).not.toBeChecked();
  });

  it('creates a group with permissions and then sets its members', async () => {
    const created = group({ id: 'grp_new', name: 'Backup team' });
    const { client } = renderAdmin('/users/groups', {
      permissions: writer,
      handlers: handlers({
        CreateGroup: { createGroup: created },
        UpdateGroup: { updateGroup: { ...created, users: [{ __typename: 'User', id: bob.id, username: 'bob' }] } },
      }),
    });
    const dialog = await openNewGroup();

    type(dialog, /^Name/, 'Backup team');
    type(dialog, 'Description', 'Runs and restores');
    fireEvent.click(dialog.getByRole('checkbox', { name: /^sources:read/ }));
    fireEvent.click(dialog.getByRole('checkbox', { name: 'All of jobs' }));
    await pick(dialog, 'Members', 'bob (Bob)');
    fireEvent.click(dialog.getByRole('button', { name: 'Create group' }));

    await waitFor(() => expect(sent(client, 'UpdateGroup')).toHaveLength(1));
    expect(sent(client, 'CreateGroup')).toEqual([
      {
        input: {
          name: 'Backup team',
          description: 'Runs and restores',
          permissions: ['sources:read', 'jobs:read', 'jobs:write', 'jobs:run'],
        },
      },
    ]);
    expect(sent(client, 'UpdateGroup')).toEqual([{ id: 'grp_new', input: { userIds: [bob.id] } }]);
    expect(await screen.findByText('Group created')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows a taken name next to the name', async () => {
    renderAdmin('/users/groups', {
      permissions: writer,
      handlers: handlers({ CreateGroup: serverError('a group named Operators exists', { code: 'CONFLICT' }) }),
    });
    const dialog = await openNewGroup();

    type(dialog, /^Name/, 'Operators');
    fireEvent.click(dialog.getByRole('button', { name: 'Create group' }));

    await dialog.findByText('a group named Operators exists');
    expect(dialog.getByRole('textbox', { name: /^Name/ })).toHaveAccessibleDescription(
      'a group named Operators exists',
    );
  });

  it('shows the built-in Admins group with every permission locked and sends only what changed', async () => {
    const { client } = renderAdmin('/users/groups', {
      permissions: writer,
      handlers: handlers({
        UpdateGroup: serverError('Admins must keep an enabled member', { code: 'LAST_ADMIN' }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit Admins' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit Admins' }));
    await dialog.findByRole('group', { name: 'jobs' });
    expect(dialog.getByRole('textbox', { name: /^Name/ })).toBeDisabled();
    const boxes = dialog.getAllByRole('checkbox');
    expect(boxes).toHaveLength(everyPermission.length + 4);
    for (const box of boxes) {
      expect(box).toBeChecked();
      expect(box).toBeDisabled();
    }

    type(dialog, 'Description', 'Can do everything');
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent('Admins would be left without an enabled member');
    expect(alert).toHaveTextContent('Admins must keep an enabled member');
    expect(sent(client, 'UpdateGroup')).toEqual([{ id: adminsGroup.id, input: { description: 'Can do everything' } }]);
  });

  it('deletes a group after confirmation', async () => {
    const { client } = renderAdmin('/users/groups', {
      permissions: writer,
      handlers: handlers({ DeleteGroup: { deleteGroup: operatorsGroup.id } }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Delete Operators' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete group Operators?' }));
    expect(dialog.getByText(/Its member stays/)).toBeInTheDocument();
    fireEvent.click(dialog.getByRole('button', { name: 'Delete Operators' }));

    await waitFor(() => expect(sent(client, 'DeleteGroup')).toEqual([{ id: operatorsGroup.id }]));
    expect(await screen.findByText('Group deleted')).toBeInTheDocument();
  });
});
