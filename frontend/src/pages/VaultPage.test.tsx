import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { type EncryptionKeyStatusFieldsFragment, ForgetUndecryptableSecretsDocument } from '../gql/graphql';
import { type FakeServer, keyFixture, renderApp, statusFixture } from '../test/renderApp';

const primary = '1111aaaa2222bbbb';
const old = '3333cccc4444dddd';
const lost = '5555eeee6666ffff';

function section() {
  return within(screen.getByRole('region', { name: 'System key' }));
}

/** field is the value next to a label of the system key's data list. */
function field(label: string) {
  const term = section().getByText(label, { selector: 'dt' });
  return term.nextElementSibling as HTMLElement;
}

/** sealedRows are the rows of the per-key table as [key id, count, loaded]. */
function sealedRows() {
  const table = section().getByRole('table', { name: 'Stored secrets per key' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    );
}

function status(key: Partial<EncryptionKeyStatusFieldsFragment>) {
  return statusFixture({ encryptionKey: keyFixture(key) });
}

/** mismatch is a key that opens 4 stored secrets and not the 3 sealed with a lost key. */
const mismatch = status({
  state: 'MISMATCH',
  keyId: primary,
  expectedKeyId: lost,
  undecryptableSecrets: 3,
  sealedValues: [
    { keyId: primary, count: 4, loaded: true },
    { keyId: lost, count: 3, loaded: false },
  ],
  message: 'The loaded ENCRYPTION_KEY is not the key this database was sealed with.',
});

const cleared = {
  keyId: primary,
  cleared: [
    { entityType: 'Source', entityId: 'src_01J0000000000000000000001', field: 'password' },
    { entityType: 'Destination', entityId: 'dst_01J0000000000000000000002', field: 'secret_access_key' },
    { entityType: 'SSOProvider', entityId: 'sso_01J0000000000000000000003', field: 'client_secret' },
  ],
};

describe('VaultPage', () => {
  it('shows the system key, its counts and how to rotate it', () => {
    renderApp('/vault', {
      subscription: status({
        keyId: primary,
        previousKeyIds: [old],
        sealedValues: [
          { keyId: old, count: 2, loaded: true },
          { keyId: primary, count: 7, loaded: true },
        ],
      }),
    });

    expect(screen.getByRole('heading', { level: 2, name: 'Vault' })).toBeInTheDocument();
    expect(section().getByTestId('key-state')).toHaveTextContent('OK');
    expect(field('Key id')).toHaveTextContent(primary);
    expect(within(field('Key id')).getByRole('button', { name: 'Copy key id' })).toBeInTheDocument();
    expect(section().queryByText('Secrets sealed with')).toBeNull();
    expect(field('Previous key ids')).toHaveTextContent(old);
    expect(field('Undecryptable secrets')).toHaveTextContent('0');
    expect(sealedRows()).toEqual([
      [old, '2', 'Yes'],
      [primary, '7', 'Yes'],
    ]);
    expect(section().queryByRole('button', { name: 'Forget undecryptable secrets' })).toBeNull();
    expect(section().queryByRole('progressbar')).toBeNull();

    const help = within(screen.getByRole('region', { name: 'Rotating the key' }));
    for (const command of ['dbackup key check', 'dbackup key generate', 'dbackup key rotate']) {
      expect(help.getByText(new RegExp(command))).toBeInTheDocument();
    }
    expect(
      help.getByText(/ENCRYPTION_KEY=<new key> ENCRYPTION_KEY_PREVIOUS=<old key> dbackup key rotate/),
    ).toBeInTheDocument();
    expect(help.queryByRole('button')).toBeNull();
  });

  it('shows a mismatch with the key the secrets need and what cannot be opened', () => {
    renderApp('/vault', { subscription: mismatch });

    expect(section().getByTestId('key-state')).toHaveTextContent('Mismatch');
    expect(field('Secrets sealed with')).toHaveTextContent(lost);
    expect(field('Previous key ids')).toHaveTextContent('none');
    expect(field('Undecryptable secrets')).toHaveTextContent('3');
    expect(sealedRows()).toEqual([
      [primary, '4', 'Yes'],
      [lost, '3', 'No'],
    ]);
    expect(section().getByRole('button', { name: 'Forget undecryptable secrets' })).toBeInTheDocument();
  });

  it('shows the rotation while it runs', () => {
    renderApp('/vault', {
      subscription: status({ state: 'ROTATING', previousKeyIds: [old], rotation: { done: 3, total: 4 } }),
    });
    expect(section().getByTestId('key-state')).toHaveTextContent('Rotating');
    expect(section().getByRole('progressbar', { name: 'Re-sealing progress' })).toHaveAttribute('aria-valuenow', '75');
    expect(section().getByText('3 of 4 secrets re-sealed (75%)')).toBeInTheDocument();
  });

  it('labels malformed values instead of showing what the server sent as a key id', () => {
    renderApp('/vault', { subscription: status({ sealedValues: [{ keyId: 'malformed', count: 1, loaded: false }] }) });
    expect(sealedRows()).toEqual([['malformed values', '1', 'No']]);
  });

  it('copies the key id', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    renderApp('/vault', { subscription: status({ keyId: primary }) });

    fireEvent.click(section().getByRole('button', { name: 'Copy key id' }));

    expect(writeText).toHaveBeenCalledWith(primary);
    vi.unstubAllGlobals();
  });

  it('forgets the undecryptable secrets after confirmation, lists them and refetches the status', async () => {
    const server: FakeServer = { subscription: mismatch, forget: cleared };
    const { client } = renderApp('/vault', server);

    fireEvent.click(section().getByRole('button', { name: 'Forget undecryptable secrets' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Forget undecryptable secrets?' }));
    expect(
      dialog.getByText(
        '3 stored secrets that the loaded keys cannot open will be cleared so they can be re-entered. ' +
          'Secrets that open are not touched. This cannot be undone.',
      ),
    ).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();

    // The refetch after the mutation answers with the secrets gone; the subscription has not pushed yet.
    server.query = status({ keyId: primary, sealedValues: [{ keyId: primary, count: 4, loaded: true }] });
    const queriesBefore = client.executeQuery.mock.calls.length;
    fireEvent.click(dialog.getByRole('button', { name: 'Forget 3 secrets' }));

    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledTimes(1));
    expect(client.executeMutation).toHaveBeenCalledWith(
      expect.objectContaining({ query: ForgetUndecryptableSecretsDocument }),
      expect.anything(),
    );
    expect(await screen.findByText('Undecryptable secrets forgotten')).toBeInTheDocument();
    expect(screen.getByText(/3 secrets cleared/)).toBeInTheDocument();

    const list = within(screen.getByRole('table', { name: 'Cleared secrets' }));
    expect(
      list
        .getAllByRole('row')
        .slice(1)
        .map((row) =>
          within(row)
            .getAllByRole('cell')
            .map((cell) => cell.textContent),
        ),
    ).toEqual([
      ['Source', 'src_01J0000000000000000000001', 'password'],
      ['Destination', 'dst_01J0000000000000000000002', 'secret_access_key'],
      ['SSOProvider', 'sso_01J0000000000000000000003', 'client_secret'],
    ]);

    expect(client.executeQuery.mock.calls.length).toBeGreaterThan(queriesBefore);
    expect(client.executeQuery).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({ requestPolicy: 'network-only' }),
    );
    await waitFor(() => expect(field('Undecryptable secrets')).toHaveTextContent('0'));
    expect(section().getByTestId('key-state')).toHaveTextContent('OK');
    expect(section().queryByRole('button', { name: 'Forget undecryptable secrets' })).toBeNull();
    expect(screen.queryByTestId('key-status-banner')).toBeNull();
  });

  it('sends nothing when the confirmation is cancelled', async () => {
    const { client } = renderApp('/vault', { subscription: mismatch, forget: cleared });

    fireEvent.click(section().getByRole('button', { name: 'Forget undecryptable secrets' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Forget undecryptable secrets?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(client.executeMutation).not.toHaveBeenCalled();
    expect(screen.queryByTestId('cleared-secrets')).toBeNull();
  });

  it('tells why forgetting failed', async () => {
    const { client } = renderApp('/vault', {
      subscription: mismatch,
      forget: new Error('forgetting secrets needs the admin role'),
    });

    fireEvent.click(section().getByRole('button', { name: 'Forget undecryptable secrets' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Forget undecryptable secrets?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Forget 3 secrets' }));

    expect(await screen.findByText('Could not forget the undecryptable secrets')).toBeInTheDocument();
    expect(screen.getByText('forgetting secrets needs the admin role')).toBeInTheDocument();
    expect(client.executeMutation).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('cleared-secrets')).toBeNull();
    expect(field('Undecryptable secrets')).toHaveTextContent('3');
  });
});
