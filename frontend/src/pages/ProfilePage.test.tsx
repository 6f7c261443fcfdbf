import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChangePasswordDocument, RevokeSessionDocument } from '../gql/graphql';
import { type FakeServer, type Resolver, gqlError, renderApp, sessionFixture, viewerFixture } from '../test/renderApp';

function region(name: string) {
  return within(screen.getByRole('region', { name }));
}

const here = sessionFixture({ id: 'ses_here', current: true, ip: '203.0.113.7', userAgent: 'Chromium 140' }, 1);
const laptop = sessionFixture(
  { id: 'ses_laptop', ip: '198.51.100.23', userAgent: 'Firefox 139 on the old laptop' },
  30,
);

function sessions(list = [here, laptop]): Resolver {
  return () => ({ viewer: { __typename: 'Viewer', id: 'usr_01J0000000000000000000001', sessions: list } });
}

function renderProfile(operations: FakeServer['operations'] = {}, viewer = viewerFixture()) {
  return renderApp('/profile', { viewer, operations: { ViewerSessions: sessions(), ...operations } });
}

function changePassword(current: string, next: string, confirm = next) {
  const form = region('Password');
  fireEvent.change(form.getByLabelText('Current password'), { target: { value: current } });
  fireEvent.change(form.getByLabelText(/^New password/), { target: { value: next } });
  fireEvent.change(form.getByLabelText('Confirm new password'), { target: { value: confirm } });
  fireEvent.click(form.getByRole('button', { name: 'Change password' }));
}

describe('ProfilePage', () => {
  it('shows who the viewer is and their groups', () => {
    renderProfile(
      {},
      viewerFixture({ displayName: 'Grace Hopper', username: 'grace', groups: ['Admins', 'Operators'] }),
    );

    const account = region('Account');
    expect(account.getByText('Grace Hopper')).toBeInTheDocument();
    expect(account.getByText('grace')).toBeInTheDocument();
    expect(account.getByText('Admins')).toBeInTheDocument();
    expect(account.getByText('Operators')).toBeInTheDocument();
    expect(account.getByText('this browser')).toBeInTheDocument();
  });

  it('changes the password and says the other sessions were signed out', async () => {
    const { client } = renderProfile({ ChangePassword: () => ({ changePassword: true }) });
    expect(region('Password').getByText(/signs out every other session/)).toBeInTheDocument();

    changePassword('old password here', 'a brand new passphrase');

    expect(await screen.findByText('Password changed')).toBeInTheDocument();
    expect(screen.getByText('Your other sessions were signed out; this browser stays signed in.')).toBeInTheDocument();
    expect(client.executeMutation).toHaveBeenCalledWith(
      expect.objectContaining({
        query: ChangePasswordDocument,
        variables: { input: { currentPassword: 'old password here', newPassword: 'a brand new passphrase' } },
      }),
      expect.objectContaining({ additionalTypenames: ['Session'] }),
    );
    // The fields are emptied, so no password lingers on the page.
    expect(region('Password').getByLabelText('Current password')).toHaveValue('');
    expect(region('Password').getByLabelText(/^New password/)).toHaveValue('');
  });

  it('checks the new password before sending it', () => {
    const { client } = renderProfile({ ChangePassword: () => ({ changePassword: true }) });

    changePassword('', 'too short', 'different');

    const form = region('Password');
    expect(form.getByText('Enter your current password.')).toBeInTheDocument();
    expect(form.getByText('The password must have at least 12 characters.')).toBeInTheDocument();
    expect(form.getByText('The passwords do not match.')).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
  });

  it('shows a wrong current password on its field', async () => {
    renderProfile({ ChangePassword: () => gqlError('invalid credentials', { code: 'INVALID_CREDENTIALS' }) });

    changePassword('not my password', 'a brand new passphrase');

    expect(await region('Password').findByText('The current password is wrong.')).toBeInTheDocument();
    expect(region('Password').queryByText('Could not change the password')).toBeNull();
  });

  it('explains that an API key cannot change the account', async () => {
    renderProfile(
      { ChangePassword: () => gqlError('this needs a browser session', { code: 'SESSION_REQUIRED' }) },
      viewerFixture({ viaApiKey: true }),
    );
    expect(screen.getByText('Signed in with an API key')).toBeInTheDocument();

    changePassword('old password here', 'a brand new passphrase');

    const alert = await region('Password').findByText('Could not change the password');
    expect(alert.closest('[role="alert"]')).toHaveTextContent(/needs you to sign in with your browser/);
  });

  it('lists the sessions and revokes another one', async () => {
    const server: FakeServer = { viewer: viewerFixture() };
    let list = [here, laptop];
    server.operations = {
      ViewerSessions: () => ({ viewer: { __typename: 'Viewer', id: 'usr_1', sessions: list } }),
      RevokeSession: ({ id }) => {
        list = list.filter((s) => s.id !== id);
        return { revokeSession: true };
      },
    };
    const { client } = renderApp('/profile', server);

    const table = within(region('Sessions').getByRole('table', { name: 'Your sessions' }));
    const rows = table.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [current, other] = rows.map((row) => within(row));
    expect(current!.getByText('203.0.113.7')).toBeInTheDocument();
    expect(current!.getByText('This browser')).toBeInTheDocument();
    expect(current!.queryByRole('button', { name: 'Revoke' })).toBeNull();
    expect(current!.getByText('1 hour ago')).toBeInTheDocument();
    expect(current!.getByText('in 6 days')).toBeInTheDocument();
    expect(other!.getByText('Firefox 139 on the old laptop')).toBeInTheDocument();
    expect(other!.getByText('198.51.100.23')).toBeInTheDocument();

    fireEvent.click(other!.getByRole('button', { name: 'Revoke' }));

    expect(await screen.findByText('Session ended')).toBeInTheDocument();
    expect(client.executeMutation).toHaveBeenCalledWith(
      expect.objectContaining({ query: RevokeSessionDocument, variables: { id: 'ses_laptop' } }),
      expect.anything(),
    );
    await waitFor(() => expect(table.getAllByRole('row')).toHaveLength(2));
    expect(table.queryByText('198.51.100.23')).toBeNull();
  });

  it('tells why a session could not be revoked', async () => {
    renderProfile({ RevokeSession: () => gqlError('this needs a browser session', { code: 'SESSION_REQUIRED' }) });

    fireEvent.click(region('Sessions').getByRole('button', { name: 'Revoke' }));

    expect(await screen.findByText('Could not end the session')).toBeInTheDocument();
    expect(screen.getByText(/needs you to sign in with your browser/)).toBeInTheDocument();
  });
});
