import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadPage } from '../auth/pageLoad';
import { SetupAdminDocument } from '../gql/graphql';
import { type Resolver, gqlError, renderApp } from '../test/renderApp';

// Signing in loads the app anew, which jsdom cannot do; the tests check where it would go.
vi.mock('../auth/pageLoad', () => ({ loadPage: vi.fn() }));

const strong = 'a long enough passphrase';

function fill({ username = 'root', password = strong, confirm = undefined as string | undefined } = {}) {
  fireEvent.change(screen.getByLabelText(/^Username/), { target: { value: username } });
  fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: password } });
  fireEvent.change(screen.getByLabelText(/^Confirm password/), { target: { value: confirm ?? password } });
  fireEvent.click(screen.getByRole('button', { name: 'Create administrator and sign in' }));
}

/** renderSetup renders the wizard of a fresh instance whose setupAdmin is answered by setupAdmin. */
function renderSetup(setupAdmin?: Resolver) {
  return renderApp('/setup', {
    setupNeeded: true,
    viewer: null,
    operations: setupAdmin && { SetupAdmin: setupAdmin },
  });
}

const created: Resolver = ({ input }) => ({
  setupAdmin: { __typename: 'Viewer', id: 'usr_1', username: (input as { username: string }).username },
});

beforeEach(() => vi.mocked(loadPage).mockClear());

describe('SetupPage', () => {
  it('explains what it creates and the password rule', () => {
    renderSetup();
    expect(screen.getByRole('heading', { name: 'Set up DBackup' })).toBeInTheDocument();
    expect(screen.getByText(/first administrator/)).toBeInTheDocument();
    expect(screen.getByText(/built-in Admins group/)).toBeInTheDocument();
    expect(screen.getByText(/At least 12 characters/)).toBeInTheDocument();
  });

  it('checks the fields before sending anything', () => {
    const { client } = renderSetup(created);

    fill({ username: '  ', password: 'short', confirm: 'other' });

    expect(screen.getByText('Choose a username.')).toBeInTheDocument();
    expect(screen.getByText('The password must have at least 12 characters.')).toBeInTheDocument();
    expect(screen.getByText('The passwords do not match.')).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
  });

  it('creates the administrator, signs in and opens the dashboard', async () => {
    const fetch = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValueOnce(Response.json({ user: { id: 'usr_1', username: 'root' } }));
    const { client } = renderSetup(created);

    fill({ username: ' root ' });

    await waitFor(() => expect(loadPage).toHaveBeenCalledWith('/'));
    expect(client.executeMutation).toHaveBeenCalledWith(
      expect.objectContaining({
        query: SetupAdminDocument,
        variables: { input: { username: 'root', password: strong } },
      }),
      expect.anything(),
    );
    expect(fetch).toHaveBeenCalledOnce();
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/auth/login');
    expect(JSON.parse(String(init?.body))).toEqual({ username: 'root', password: strong });
  });

  it('shows what the server refuses on the field it names', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    renderSetup(() =>
      gqlError('username may contain only letters, digits and . _ - @', { code: 'INVALID_INPUT', field: 'username' }),
    );

    fill({ username: 'root admin' });

    expect(await screen.findByText('username may contain only letters, digits and . _ - @')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Username/)).toHaveAttribute('aria-invalid', 'true');
    expect(fetch).not.toHaveBeenCalled();
    expect(loadPage).not.toHaveBeenCalled();
  });

  it('leads to sign-in when someone else finished setup first', async () => {
    renderSetup(() => gqlError('setup is done', { code: 'SETUP_DONE' }));

    fill();

    expect(await screen.findByText('DBackup is already set up')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to sign-in' })).toHaveAttribute('href', '/login');
  });
});
