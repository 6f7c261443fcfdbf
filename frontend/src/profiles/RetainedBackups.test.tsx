import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { connection } from '../admin/test/fixtures';
import { type Handler, renderAdmin, sent, serverError } from '../admin/test/fakeServer';
import { cells } from '../admin/test/interact';
import { startDownload } from '../lib/links';
import { profile } from '../test/configFixtures';
import { severalProfilesWarning } from './RecoveryKitDialog';

// Opening a link loads a page, which jsdom cannot do; the tests check which link would open.
vi.mock('../lib/links', async (original) => ({
  ...(await original<typeof import('../lib/links')>()),
  startDownload: vi.fn(),
}));

beforeEach(() => vi.mocked(startDownload).mockClear());

const retained = (id: string, name: string, count: number) => ({
  __typename: 'RetainedBackups' as const,
  destination: { __typename: 'Destination' as const, id },
  destinationName: name,
  count,
});
const main = profile('main', 'ee5133d4b9df3c93', 'Production backups', [
  retained('dst_nas', 'nas', 3),
  retained('dst_s3', 's3', 1),
]);
const spare = profile('spare', '0123456789abcdef');
const kitLink = {
  createRecoveryKitLink: { __typename: 'DownloadLink', url: '/api/links/kit-token', expiresAt: '2026-03-01T10:15:00Z' },
};

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return { ProfileList: { encryptionProfiles: connection('EncryptionProfile', [main, spare]) }, ...extra };
}

const section = () => within(screen.getByRole('region', { name: 'Encryption profiles' }));

describe('Retained backups of encryption profiles', () => {
  it('shows how many backups each key opens, per destination on focus', async () => {
    renderAdmin('/vault', { permissions: ['vault:read'], handlers: handlers() });

    await section().findByRole('table', { name: 'Encryption profiles' });
    expect(cells('Encryption profiles').map((row) => row[3])).toEqual(['4 backups on 2 destinations', 'No backups']);
    const summary = screen.getByText('4 backups on 2 destinations');
    expect(summary).toHaveAccessibleDescription('nas: 3, s3: 1');
    fireEvent.focus(summary);
    expect(await screen.findByRole('tooltip', { hidden: true }, { timeout: 2000 })).toHaveTextContent(/nas: 3.*s3: 1/);
    expect(section().queryByRole('button', { name: 'Recovery Kit' })).toBeNull();
  });

  it('lists the retained backups when the server refuses a delete, and deletes only once the key is saved', async () => {
    let calls = 0;
    const { client } = renderAdmin('/vault', {
      permissions: ['vault:read', 'vault:write', 'vault:reveal'],
      handlers: handlers({
        DeleteProfile: ({ confirmRetainedBackups }) => {
          calls++;
          return confirmRetainedBackups
            ? { deleteEncryptionProfile: main.id }
            : serverError('the key of "main" alone opens 4 retained backups', {
                code: 'RETAINED_BACKUPS',
                retainedBackups: [
                  { destinationId: 'dst_nas', destinationName: 'nas', count: 3 },
                  { destinationId: 'dst_s3', destinationName: 's3', count: 1 },
                ],
              });
        },
        CreateRecoveryKitLink: kitLink,
      }),
    });

    fireEvent.click(await section().findByRole('button', { name: 'Delete main' }));
    const ask = within(await screen.findByRole('dialog', { name: 'Delete profile main?' }));
    fireEvent.click(ask.getByRole('button', { name: 'Delete main' }));

    const dialog = within(await screen.findByRole('dialog', { name: 'main still opens 4 backups on 2 destinations' }));
    const list = within(dialog.getByRole('list', { name: 'Retained backups per destination' }));
    expect(list.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['nas: 3 backups', 's3: 1 backup']);

    fireEvent.click(dialog.getByRole('button', { name: 'Download Recovery Kit' }));
    await waitFor(() => expect(startDownload).toHaveBeenCalledWith('/api/links/kit-token'));
    expect(sent(client, 'CreateRecoveryKitLink')).toEqual([{ profiles: [main.id] }]);

    const anyway = dialog.getByRole('button', { name: 'Delete anyway' });
    expect(anyway).toBeDisabled();
    fireEvent.click(dialog.getByRole('checkbox', { name: /^I have saved this key/ }));
    expect(anyway).toBeEnabled();
    fireEvent.click(anyway);

    await waitFor(() =>
      expect(sent(client, 'DeleteProfile')).toEqual([
        { id: main.id, confirmRetainedBackups: false },
        { id: main.id, confirmRetainedBackups: true },
      ]),
    );
    expect(calls).toBe(2);
    expect(await screen.findByText('Profile deleted')).toBeInTheDocument();
  });

  it('offers no Recovery Kit in the refusal without vault:reveal', async () => {
    renderAdmin('/vault', {
      permissions: ['vault:read', 'vault:write'],
      handlers: handlers({
        DeleteProfile: serverError('retained', {
          code: 'RETAINED_BACKUPS',
          retainedBackups: [{ destinationId: 'dst_nas', destinationName: 'nas', count: 1 }],
        }),
      }),
    });

    fireEvent.click(await section().findByRole('button', { name: 'Delete main' }));
    fireEvent.click(
      within(await screen.findByRole('dialog', { name: 'Delete profile main?' })).getByRole('button', {
        name: 'Delete main',
      }),
    );
    const dialog = within(await screen.findByRole('dialog', { name: 'main still opens 1 backup on 1 destination' }));
    expect(dialog.queryByRole('button', { name: 'Download Recovery Kit' })).toBeNull();
    expect(dialog.getByText(/needs the vault:reveal permission/)).toBeInTheDocument();
  });

  it('downloads a Recovery Kit of the chosen profiles, warning loudly when there are several', async () => {
    const { client } = renderAdmin('/vault', {
      permissions: ['vault:read', 'vault:reveal'],
      handlers: handlers({ CreateRecoveryKitLink: kitLink }),
    });

    fireEvent.click(await section().findByRole('button', { name: 'Recovery Kit' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Download a Recovery Kit' }));
    const download = dialog.getByRole('button', { name: 'Download' });
    expect(download).toBeDisabled();

    fireEvent.click(dialog.getByRole('checkbox', { name: 'main' }));
    expect(dialog.queryByText(severalProfilesWarning)).toBeNull();
    fireEvent.click(dialog.getByRole('checkbox', { name: 'spare' }));
    expect(dialog.getByText(severalProfilesWarning)).toBeInTheDocument();

    fireEvent.click(download);
    await waitFor(() => expect(startDownload).toHaveBeenCalledWith('/api/links/kit-token'));
    expect(sent(client, 'CreateRecoveryKitLink')).toEqual([{ profiles: [main.id, spare.id] }]);
  });
});
