import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderAdmin, sent, serverError } from '../../admin/test/fakeServer';
import { cells, pick, type } from '../../admin/test/interact';
import { planFixture, settingsWriter } from './testFixtures';

const sealedFile = '{"format":"dbackup-config","version":1,"secrets":"sealed","items":{},"envelope":{}}\n';

async function importCard() {
  return within(await screen.findByRole('region', { name: 'Import' }));
}

/** choose picks a file in the Import card's file input, as the browser's file dialog would. */
async function choose(card: ReturnType<typeof within>, content: string) {
  const input = screen.getByRole('region', { name: 'Import' }).querySelector('input[type="file"]');
  if (!input) throw new Error('the Import card has no file input');
  fireEvent.change(input, { target: { files: [new File([content], 'config.json', { type: 'application/json' })] } });
  await card.findByText('config.json');
}

describe('ImportCard', () => {
  it('previews an import as a table of changes with its warnings, then imports and counts what it did', async () => {
    const { client } = renderAdmin('/settings?tab=config-backup', {
      permissions: settingsWriter,
      handlers: {
        ImportConfig: ({ input }) => {
          const { dryRun } = input as { dryRun: boolean };
          return { importConfig: planFixture({ applied: !dryRun }) };
        },
      },
    });
    const card = await importCard();
    expect(card.queryByRole('button', { name: 'Import' })).toBeNull();
    await choose(card, sealedFile);
    expect(card.getByText(/This file holds sealed secrets/)).toBeInTheDocument();
    type(card, /^Passphrase/, 'correct horse battery');
    await pick(card, 'Items that already exist', 'Import under a new name');
    expect(card.getByText(/created again as “name \(imported\)”/)).toBeInTheDocument();

    fireEvent.click(card.getByRole('button', { name: 'Preview' }));
    await card.findByRole('table', { name: 'Import changes' });
    expect(cells('Import changes')).toEqual([
      ['Source', 'shop', 'CREATE', 'new', ''],
      ['Destination', 'nas', 'UPDATE', 'settings differ', ''],
      ['Encryption profile', 'offsite', 'UNCHANGED', '', ''],
      ['Job', 'nightly', 'CREATE', 'name taken', 'nightly (imported)'],
      ['Group', 'Operators', 'CONFLICT', 'permissions differ', ''],
    ]);
    expect(within(card.getByRole('list', { name: 'Import warnings' })).getByRole('listitem')).toHaveTextContent(
      '2 API keys are not imported',
    );
    expect(card.getByText(/would create 2 items, update 1 item, leave 1 item unchanged/)).toBeInTheDocument();
    expect(sent(client, 'ImportConfig')).toEqual([
      { input: { content: sealedFile, passphrase: 'correct horse battery', policy: 'RENAME', dryRun: true } },
    ]);

    fireEvent.click(card.getByRole('button', { name: 'Import' }));
    const done = await card.findByRole('alert', { name: 'Configuration imported' });
    expect(done).toHaveTextContent(
      'Imported: 2 items created, 1 item updated, 1 item unchanged, 1 item kept as they were.',
    );
    expect(sent(client, 'ImportConfig')[1]).toEqual({
      input: { content: sealedFile, passphrase: 'correct horse battery', policy: 'RENAME', dryRun: false },
    });
    expect(card.queryByRole('button', { name: 'Import' })).toBeNull();
  });

  it('says a wrong passphrase or a modified file is the likely cause, with the server’s message', async () => {
    renderAdmin('/settings?tab=config-backup', {
      permissions: settingsWriter,
      handlers: {
        ImportConfig: serverError('configbackup: wrong passphrase or modified file', {
          code: 'CONFIG_OPEN_FAILED',
          field: 'passphrase',
        }),
      },
    });
    const card = await importCard();
    await choose(card, sealedFile);
    type(card, /^Passphrase/, 'not the passphrase');
    fireEvent.click(card.getByRole('button', { name: 'Preview' }));

    const alert = await card.findByRole('alert');
    expect(alert).toHaveTextContent('Wrong passphrase or the file was modified');
    expect(alert).toHaveTextContent('configbackup: wrong passphrase or modified file');
    expect(card.queryByRole('table', { name: 'Import changes' })).toBeNull();
    expect(card.queryByRole('button', { name: 'Import' })).toBeNull();
  });

  it('asks for the passphrase when none was given, and shows a refused file under its input', async () => {
    let answer = serverError('configbackup: the file holds sealed secrets: a passphrase is required', {
      code: 'CONFIG_OPEN_FAILED',
      field: 'passphrase',
    });
    renderAdmin('/settings?tab=config-backup', {
      permissions: settingsWriter,
      handlers: { ImportConfig: () => answer },
    });
    const card = await importCard();
    await choose(card, sealedFile);
    fireEvent.click(card.getByRole('button', { name: 'Preview' }));
    expect(await card.findByRole('alert')).toHaveTextContent(
      'The file holds secrets: enter the passphrase it was exported with',
    );

    answer = serverError('configbackup: not a config backup: unknown member "foo"', {
      code: 'INVALID_INPUT',
      field: 'content',
    });
    fireEvent.click(card.getByRole('button', { name: 'Preview' }));
    expect(await card.findByText('configbackup: not a config backup: unknown member "foo"')).toBeInTheDocument();
    expect(card.queryByRole('alert')).toBeNull();
  });

  it('asks for a file before previewing', async () => {
    const { client } = renderAdmin('/settings?tab=config-backup', { permissions: settingsWriter, handlers: {} });
    const card = await importCard();
    fireEvent.click(card.getByRole('button', { name: 'Preview' }));
    expect(await card.findByText('Choose a file exported by DBackup.')).toBeInTheDocument();
    await waitFor(() => expect(sent(client, 'ImportConfig')).toEqual([]));
  });

  it('offers no import without settings:write', async () => {
    renderAdmin('/settings?tab=config-backup', { permissions: ['settings:read'], handlers: {} });
    const card = await importCard();
    expect(card.getByText(/needs the settings:write permission/)).toBeInTheDocument();
    expect(card.queryByRole('button', { name: 'Preview' })).toBeNull();
  });
});
