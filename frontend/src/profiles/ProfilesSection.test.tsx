import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { connection } from '../admin/test/fixtures';
import { type Handler, renderAdmin, sent, serverError } from '../admin/test/fakeServer';
import { type Scope, cells, type } from '../admin/test/interact';
import { profile } from '../test/configFixtures';

const writer = ['vault:read', 'vault:write'];
const main = profile('main', 'ee5133d4b9df3c93', 'Production backups');
const key = '1dd7ba4feb7c548f1648bceb5be66533a887b2b1f94b29bac257e33100a6a752';

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return { ProfileList: { encryptionProfiles: connection('EncryptionProfile', [main]) }, ...extra };
}

function section(): Scope {
  return within(screen.getByRole('region', { name: 'Encryption profiles' }));
}

async function openNewProfile() {
  fireEvent.click(await section().findByRole('button', { name: 'New profile' }));
  return within(await screen.findByRole('dialog', { name: 'New encryption profile' }));
}

describe('Encryption profiles on the Vault page', () => {
  it('lists the profiles by name, description and key id, and offers nothing to a reader', async () => {
    renderAdmin('/vault', { permissions: ['vault:read'], handlers: handlers() });

    await section().findByRole('table', { name: 'Encryption profiles' });
    expect(cells('Encryption profiles')).toEqual([['main', 'Production backups', 'ee5133d4b9df3c93', 'No backups']]);
    expect(section().queryByRole('button')).toBeNull();
  });

  it('checks a key to import before sending it', async () => {
    const { client } = renderAdmin('/vault', { permissions: writer, handlers: handlers() });
    const dialog = await openNewProfile();

    type(dialog, /^Name/, 'imported');
    expect(dialog.queryByLabelText(/^Key to import/)).toBeNull();
    fireEvent.click(dialog.getByRole('switch', { name: /Import an existing key/ }));
    type(dialog, /^Key to import/, 'abc');
    fireEvent.click(dialog.getByRole('button', { name: 'Create profile' }));
    expect(await dialog.findByText('Enter exactly 64 hex characters; this has 3')).toBeInTheDocument();

    type(dialog, /^Key to import/, `${key.slice(0, 63)}x`);
    fireEvent.click(dialog.getByRole('button', { name: 'Create profile' }));
    expect(await dialog.findByText('Use only hex characters: 0-9 and a-f')).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
  });

  it('imports a key and shows what the server refuses next to the key', async () => {
    const { client } = renderAdmin('/vault', {
      permissions: writer,
      handlers: handlers({
        CreateProfile: serverError('the key is all zeros', { code: 'INVALID_INPUT', field: 'importKey' }),
      }),
    });
    const dialog = await openNewProfile();

    type(dialog, /^Name/, 'imported');
    type(dialog, 'Description', 'From the old server');
    fireEvent.click(dialog.getByRole('switch', { name: /Import an existing key/ }));
    type(dialog, /^Key to import/, ` ${key.toUpperCase()}\n`);
    fireEvent.click(dialog.getByRole('button', { name: 'Create profile' }));

    await waitFor(() => expect(sent(client, 'CreateProfile')).toHaveLength(1));
    expect(sent(client, 'CreateProfile')[0]).toEqual({
      input: { name: 'imported', description: 'From the old server', importKey: key },
    });
    expect(await dialog.findByText('the key is all zeros')).toBeInTheDocument();
    expect(dialog.getByLabelText(/^Key to import/)).toHaveAccessibleDescription(/the key is all zeros/);
  });

  it('renames a profile, sending only what changed', async () => {
    const { client } = renderAdmin('/vault', {
      permissions: writer,
      handlers: handlers({ UpdateProfile: { updateEncryptionProfile: { ...main, name: 'prod' } } }),
    });

    fireEvent.click(await section().findByRole('button', { name: 'Edit main' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit main' }));
    expect(dialog.queryByRole('switch', { name: /Import/ })).toBeNull();
    type(dialog, /^Name/, 'prod');
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(sent(client, 'UpdateProfile')).toEqual([{ id: main.id, input: { name: 'prod' } }]));
    expect(await screen.findByText('Profile saved')).toBeInTheDocument();
  });

  it('reveals a key only after a warning that it is audited, and forgets it when closed', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const { client } = renderAdmin('/vault', {
      permissions: [...writer, 'vault:reveal'],
      handlers: handlers({
        RevealProfileKey: { revealEncryptionProfileKey: { __typename: 'RevealedKey', keyId: main.keyID, key } },
      }),
    });

    fireEvent.click(await section().findByRole('button', { name: 'Reveal the key of main' }));
    const confirm = within(await screen.findByRole('dialog', { name: 'Reveal the key of main?' }));
    expect(confirm.getByText(/recorded in the audit log/)).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
    fireEvent.click(confirm.getByRole('button', { name: 'Reveal key' }));

    const shown = within(await screen.findByRole('dialog', { name: 'Key of main' }));
    expect(sent(client, 'RevealProfileKey')).toEqual([{ id: main.id }]);
    expect(shown.getByTestId('revealed-key')).toHaveTextContent(key);
    fireEvent.click(shown.getByRole('button', { name: 'Copy key' }));
    expect(writeText).toHaveBeenCalledWith(key);

    fireEvent.click(shown.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByText(key)).toBeNull();
    vi.unstubAllGlobals();
  });

  it('offers the key only to a viewer with vault:reveal', async () => {
    renderAdmin('/vault', { permissions: writer, handlers: handlers() });

    await section().findByRole('button', { name: 'Edit main' });
    expect(section().queryByRole('button', { name: /Reveal/ })).toBeNull();
  });

  it('lists the jobs that still use a profile it cannot delete', async () => {
    renderAdmin('/vault', {
      permissions: writer,
      handlers: handlers({
        DeleteProfile: serverError('encryption profile "main" is used by job(s) nightly', {
          code: 'IN_USE',
          users: ['nightly'],
        }),
      }),
    });

    fireEvent.click(await section().findByRole('button', { name: 'Delete main' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete profile main?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Delete main' }));

    expect(await dialog.findByRole('alert')).toHaveTextContent('main is used by 1 job');
    expect(dialog.getByRole('alert')).toHaveTextContent('nightly');
  });
});
