import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderAdmin, sent, serverError } from '../../admin/test/fakeServer';
import { type } from '../../admin/test/interact';
import { settingsWriter } from './testFixtures';

const exported = {
  exportConfig: {
    __typename: 'ConfigExport',
    fileName: 'dbackup-config-20260301-100000.json',
    content: '{"format":"dbackup-config"}\n',
    includesSecrets: true,
  },
};

/** stubDownload replaces the object URL API, which jsdom lacks, and records what was saved. */
function stubDownload() {
  const blobs: Blob[] = [];
  const names: string[] = [];
  URL.createObjectURL = vi.fn((blob: Blob) => {
    blobs.push(blob);
    return 'blob:export';
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  return { blobs, names };
}

async function exportCard() {
  return within(await screen.findByRole('region', { name: 'Export' }));
}

describe('ExportCard', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks for a passphrase of at least 12 characters, twice the same, before exporting secrets', async () => {
    const { client } = renderAdmin('/settings?tab=config-backup', {
      permissions: [...settingsWriter, 'vault:reveal'],
      handlers: { ExportConfig: exported },
    });
    const card = await exportCard();
    expect(card.queryByLabelText(/^Passphrase/)).toBeNull();
    fireEvent.click(card.getByRole('switch', { name: /Include secrets/ }));

    type(card, /^Passphrase/, 'short');
    type(card, /^Confirm passphrase/, 'short');
    fireEvent.click(card.getByRole('button', { name: 'Export' }));
    expect(await card.findByText('Use at least 12 characters; this one has 5.')).toBeInTheDocument();

    type(card, /^Passphrase/, 'correct horse battery');
    type(card, /^Confirm passphrase/, 'correct horse batery');
    fireEvent.click(card.getByRole('button', { name: 'Export' }));
    expect(await card.findByText('The two passphrases differ.')).toBeInTheDocument();
    expect(sent(client, 'ExportConfig')).toEqual([]);
  });

  it('exports with secrets and hashes and downloads the document under the server’s file name', async () => {
    const download = stubDownload();
    const { client } = renderAdmin('/settings?tab=config-backup', {
      permissions: [...settingsWriter, 'vault:reveal'],
      handlers: { ExportConfig: exported },
    });
    const card = await exportCard();
    fireEvent.click(card.getByRole('switch', { name: /Include secrets/ }));
    type(card, /^Passphrase/, 'correct horse battery');
    type(card, /^Confirm passphrase/, 'correct horse battery');
    fireEvent.click(card.getByRole('switch', { name: /Include password hashes/ }));
    fireEvent.click(card.getByRole('button', { name: 'Export' }));

    await waitFor(() => expect(download.names).toEqual(['dbackup-config-20260301-100000.json']));
    expect(sent(client, 'ExportConfig')).toEqual([
      { input: { includeSecrets: true, passphrase: 'correct horse battery', includePasswordHashes: true } },
    ]);
    expect(await download.blobs[0]?.text()).toBe('{"format":"dbackup-config"}\n');
    expect(download.blobs[0]?.type).toBe('application/json');
  });

  it('exports without secrets with no passphrase, and shows the server’s refusal', async () => {
    const { client } = renderAdmin('/settings?tab=config-backup', {
      permissions: settingsWriter,
      handlers: { ExportConfig: serverError('a stored secret of source shop does not open under the loaded keys') },
    });
    const card = await exportCard();
    const secrets = card.getByRole('switch', { name: /Include secrets/ });
    expect(secrets).toBeDisabled();
    expect(card.getByText(/needs the vault:reveal permission/)).toBeInTheDocument();
    fireEvent.click(card.getByRole('button', { name: 'Export' }));

    const alert = await card.findByRole('alert');
    expect(alert).toHaveTextContent('Could not export the configuration');
    expect(alert).toHaveTextContent('does not open under the loaded keys');
    expect(sent(client, 'ExportConfig')).toEqual([{ input: { includeSecrets: false } }]);
  });
});
