import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { alice, adminsGroup, bob, connection, operatorsGroup, user } from '../test/fixtures';
import { type Handler, renderAdmin, sent, serverError } from '../test/fakeServer';
import { cells, pick, type } from '../test/interact';

const writer = ['users:read', 'users:write', 'groups:read'];

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    UserList: { users: connection('User', [alice, bob]) },
    GroupList: { groups: connection('Group', [adminsGroup, operatorsGroup]) },
    ...extra,
  };
}

describe('UsersPage', () => {
  it('lists the users with their groups, second factor, state and last login', async () => {
    renderAdmin('/users', { permissions: writer, handlers: handlers() });

    expect(await screen.findByRole('table', { name: 'Users' })).toBeInTheDocument();
    const [first = [], second = []] = cells('Users');
    expect(first.slice(0, 4)).toEqual(['alice', 'Alice Admin', 'Admins', 'On']);
    expect(first[4]).toMatch(/2026/);
    expect(second.slice(0, 5)).toEqual(['bobDisabled', 'Bob', 'Operators', 'Off', 'never']);
    expect(screen.getByRole('button', { name: 'New user' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reset two-factor of alice' })).toBeInTheDocument();
    // bob has no second factor to reset.
    expect(screen.queryByRole('button', { name: 'Reset two-factor of bob' })).toBeNull();
    expect(screen.getByRole('tab', { name: 'Groups' })).toBeInTheDocument();
  });

  it('offers no changes to a viewer without users:write', async () => {
    renderAdmin('/users', { permissions: ['users:read'], handlers: handlers() });

    await screen.findByRole('table', { name: 'Users' });
    expect(screen.queryByRole('button', { name: 'New user' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Edit|Delete/ })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Groups' })).toBeNull();
  });

  it('creates a user, refetches the list and forgets the password', async () => {
    const carol = user({ username: 'carol', displayName: 'Carol', groups: [operatorsGroup] });
    const { client } = renderAdmin('/users', {
      permissions: writer,
      handlers: handlers({ CreateUser: { createUser: carol } }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'New user' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New user' }));
    type(dialog, /^Username/, 'carol');
    type(dialog, /^Password/, 'correct horse battery');
    type(dialog, 'Display name', 'Carol');
    await pick(dialog, 'Groups', 'Operators');
    const listsBefore = sent(client, 'UserList').length;
    fireEvent.click(dialog.getByRole('button', { name: 'Create user' }));

    await waitFor(() => expect(sent(client, 'CreateUser')).toHaveLength(1));
    expect(sent(client, 'CreateUser')[0]).toEqual({
      input: {
        username: 'carol',
        password: 'correct horse battery',
        displayName: 'Carol',
        groupIds: ['grp_operators'],
      },
    });
    expect(await screen.findByText('User created')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(sent(client, 'UserList').length).toBeGreaterThan(listsBefore);
    expect(screen.queryByDisplayValue('correct horse battery')).toBeNull();
    expect(screen.queryByText(/correct horse battery/)).toBeNull();
  });

  it('checks the password length and the groups before sending', async () => {
    const { client } = renderAdmin('/users', { permissions: writer, handlers: handlers() });

    fireEvent.click(await screen.findByRole('button', { name: 'New user' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New user' }));
    type(dialog, /^Username/, 'carol');
    type(dialog, /^Password/, 'short');
    fireEvent.click(dialog.getByRole('button', { name: 'Create user' }));

    expect(await dialog.findByText('Use at least 12 characters')).toBeInTheDocument();
    expect(dialog.getByText('Choose at least one group, or the user can do nothing')).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
  });

  it('shows a taken username next to the username and a field error next to its field', async () => {
    renderAdmin('/users', {
      permissions: writer,
      handlers: handlers({
        CreateUser: (variables) =>
          (variables.input as { email?: string }).email === 'bad'
            ? serverError('email is not an address', { code: 'INVALID_INPUT', field: 'email' })
            : serverError('username carol is taken', { code: 'CONFLICT' }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'New user' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New user' }));
    type(dialog, /^Username/, 'carol');
    type(dialog, /^Password/, 'correct horse battery');
    await pick(dialog, 'Groups', 'Admins');
    fireEvent.click(dialog.getByRole('button', { name: 'Create user' }));

    const taken = await dialog.findByText('username carol is taken');
    expect(dialog.getByRole('textbox', { name: /^Username/ })).toHaveAccessibleDescription(
      expect.stringContaining('username carol is taken'),
    );
    expect(taken).toBeInTheDocument();
    expect(dialog.queryByRole('alert')).toBeNull();

    type(dialog, 'Email', 'bad');
    fireEvent.click(dialog.getByRole('button', { name: 'Create user' }));
    await dialog.findByText('email is not an address');
    expect(dialog.getByRole('textbox', { name: 'Email' })).toHaveAccessibleDescription('email is not an address');
  });

  it('edits only what changed and shows LAST_ADMIN as an alert', async () => {
    const { client } = renderAdmin('/users', {
      permissions: writer,
      handlers: handlers({
        UpdateUser: serverError('alice is the last enabled member of Admins', { code: 'LAST_ADMIN' }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit alice' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit alice' }));
    expect(dialog.getByLabelText(/^Username/)).toBeDisabled();
    expect(dialog.queryByLabelText(/^Password/)).toBeNull();
    fireEvent.click(dialog.getByRole('switch', { name: /^Disabled/ }));
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent('Admins would be left without an enabled member');
    expect(alert).toHaveTextContent('alice is the last enabled member of Admins');
    expect(sent(client, 'UpdateUser')).toEqual([{ id: alice.id, input: { disabled: true } }]);
  });

  it('sets a password after it is repeated', async () => {
    const { client } = renderAdmin('/users', {
      permissions: writer,
      handlers: handlers({ SetUserPassword: { setUserPassword: true } }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Set the password of bob' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Set the password of bob' }));
    type(dialog, /^New password/, 'a new long password');
    type(dialog, /^Repeat the password/, 'a new long passwort');
    fireEvent.click(dialog.getByRole('button', { name: 'Set password' }));
    expect(await dialog.findByText('The passwords differ')).toBeInTheDocument();

    type(dialog, /^Repeat the password/, 'a new long password');
    fireEvent.click(dialog.getByRole('button', { name: 'Set password' }));
    await waitFor(() =>
      expect(sent(client, 'SetUserPassword')).toEqual([{ id: bob.id, password: 'a new long password' }]),
    );
    expect(await screen.findByText('Password set')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('resets the second factor after confirmation', async () => {
    const { client } = renderAdmin('/users', {
      permissions: writer,
      handlers: handlers({ ResetUserTOTP: { resetUserTOTP: { ...alice, totpEnabled: false } } }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Reset two-factor of alice' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Reset two-factor authentication of alice?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Reset two-factor' }));

    await waitFor(() => expect(sent(client, 'ResetUserTOTP')).toEqual([{ id: alice.id }]));
    expect(await screen.findByText('Two-factor authentication reset')).toBeInTheDocument();
  });

  it('deletes a user after a confirmation that names them, and tells why it failed', async () => {
    const { client } = renderAdmin('/users', {
      permissions: writer,
      handlers: handlers({
        DeleteUser: serverError('alice is the last enabled member of Admins', { code: 'LAST_ADMIN' }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Delete alice' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete user alice?' }));
    expect(dialog.getByText(/alice will be deleted with their sessions and API keys/)).toBeInTheDocument();
    fireEvent.click(dialog.getByRole('button', { name: 'Delete alice' }));

    expect(await dialog.findByRole('alert')).toHaveTextContent('Admins would be left without an enabled member');
    expect(sent(client, 'DeleteUser')).toEqual([{ id: alice.id }]);
  });

  it('sends nothing when a deletion is cancelled', async () => {
    const { client } = renderAdmin('/users', { permissions: writer, handlers: handlers() });

    fireEvent.click(await screen.findByRole('button', { name: 'Delete bob' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete user bob?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(client.executeMutation).not.toHaveBeenCalled();
  });
});
