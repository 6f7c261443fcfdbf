import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderAdmin, sent, serverError } from '../admin/test/fakeServer';
import { linkSubject } from './DownloadLinkDialog';
import { backupFixture, handlers, listing, restorer } from './testFixtures';

const downloader = [...restorer, 'storage:download'];
const made = (url: string) => ({
  createBackupDownloadLink: { __typename: 'DownloadLink', url, expiresAt: '2026-03-01T10:15:00Z' },
});

async function openLinkDialog(item: string) {
  fireEvent.click(await screen.findByRole('button', { name: /^Copy a one-time link to nightly/ }));
  fireEvent.click(await screen.findByRole('menuitem', { name: item }));
  return within(await screen.findByRole('dialog', { name: 'One-time download link' }));
}

describe('One-time links on the Backups page', () => {
  it('makes a link to the decrypted dump and shows it on this origin with a Copy button', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const { client } = renderAdmin('/destinations/dst_nas/backups', {
      permissions: downloader,
      handlers: { ...handlers, CreateBackupDownloadLink: made('/api/links/tok3n') },
    });

    const dialog = await openLinkDialog('Decrypted dump');
    expect(dialog.getByText(/works once, without signing in/)).toBeInTheDocument();
    expect(dialog.getByText(/the decrypted dump of/)).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
    fireEvent.click(dialog.getByRole('button', { name: 'Make link' }));

    const link = await dialog.findByRole('textbox', { name: 'Link' });
    const url = `${window.location.origin}/api/links/tok3n`;
    expect(link).toHaveValue(url);
    expect(sent(client, 'CreateBackupDownloadLink')).toEqual([{ backup: 'bak_01', decrypt: true, expiresInMinutes: 15 }]);
    expect(dialog.getByText('Works once, without signing in')).toBeInTheDocument();
    expect(dialog.getByText(/^Mar 1, 2026/)).toHaveAttribute('datetime', '2026-03-01T10:15:00Z');
    fireEvent.click(dialog.getByRole('button', { name: 'Copy link' }));
    expect(writeText).toHaveBeenCalledWith(url);
    vi.unstubAllGlobals();
  });

  it('keeps an absolute link as the server made it and offers no decrypted link for a plain backup', async () => {
    const { client } = renderAdmin('/destinations/dst_nas/backups', {
      permissions: downloader,
      handlers: {
        ...handlers,
        DestinationListing: listing([backupFixture({ encrypted: false, keyID: null, profileName: null })]),
        CreateBackupDownloadLink: made('https://backup.example/api/links/abc'),
      },
    });

    fireEvent.click(await screen.findByRole('button', { name: /^Copy a one-time link to nightly/ }));
    const stored = await screen.findByRole('menuitem', { name: 'Stored file' });
    expect(screen.queryByRole('menuitem', { name: 'Decrypted dump', hidden: true })).toBeNull();
    fireEvent.click(stored);
    const dialog = within(await screen.findByRole('dialog', { name: 'One-time download link' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Make link' }));

    expect(await dialog.findByRole('textbox', { name: 'Link' })).toHaveValue('https://backup.example/api/links/abc');
    expect(sent(client, 'CreateBackupDownloadLink')[0]).toMatchObject({ decrypt: false });
  });

  it('shows why the server would not make the link', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: downloader,
      handlers: { ...handlers, CreateBackupDownloadLink: serverError('you may not', { code: 'FORBIDDEN' }) },
    });

    const dialog = await openLinkDialog('Encrypted file');
    fireEvent.click(dialog.getByRole('button', { name: 'Make link' }));
    expect(await dialog.findByRole('alert')).toHaveTextContent('you may not');
    expect(dialog.queryByRole('textbox', { name: 'Link' })).toBeNull();
  });

  it('offers no one-time link without storage:download', async () => {
    renderAdmin('/destinations/dst_nas/backups', { permissions: restorer, handlers });
    await screen.findByRole('table', { name: 'Backups' });
    expect(screen.queryByRole('button', { name: /one-time link/ })).toBeNull();
  });

  it('names what a link downloads', () => {
    expect(linkSubject({ encrypted: true }, true)).toBe('the decrypted dump');
    expect(linkSubject({ encrypted: true }, false)).toBe('the encrypted file as stored');
    expect(linkSubject({ encrypted: false }, false)).toBe('the stored file');
  });
});
