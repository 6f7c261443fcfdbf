import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderAdmin, sent, serverError } from '../admin/test/fakeServer';
import { cells, pick } from '../admin/test/interact';
import { planFixture } from '../settings/configbackup/testFixtures';
import { backupFixture, handlers, listing, restorer } from './testFixtures';

const configBackup = backupFixture({
  id: 'bak_cfg',
  objectKey: 'dbackup-config/2026-03-01T100000Z.json.enc',
  jobName: 'Config Backup',
  engine: 'dbackup-config',
  serverVersion: null,
  databases: [],
});

const withConfigBackup = { ...handlers, DestinationListing: listing([backupFixture(), configBackup]) };

describe('Import configuration', () => {
  it('is offered for Config Backups only, to viewers with settings:write', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: [...restorer, 'settings:write'],
      handlers: withConfigBackup,
    });
    await screen.findByRole('table', { name: 'Backups' });
    const actions = screen.getAllByRole('button', { name: /^Import the configuration of/ });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toHaveAccessibleName(`Import the configuration of Config Backup, ${configBackup.objectKey}`);
  });

  it('is hidden without settings:write', async () => {
    renderAdmin('/destinations/dst_nas/backups', { permissions: restorer, handlers: withConfigBackup });
    await screen.findByRole('table', { name: 'Backups' });
    expect(screen.queryByRole('button', { name: /^Import the configuration of/ })).toBeNull();
  });

  it('previews the import of a stored Config Backup, then imports it', async () => {
    const { client } = renderAdmin('/destinations/dst_nas/backups', {
      permissions: [...restorer, 'settings:write'],
      handlers: {
        ...withConfigBackup,
        ImportConfigBackup: ({ input }) => ({
          importConfigBackup: planFixture({ applied: !(input as { dryRun: boolean }).dryRun, warnings: [] }),
        }),
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: /^Import the configuration of/ }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Import configuration' }));
    expect(dialog.getByText(configBackup.objectKey)).toBeInTheDocument();
    expect(dialog.queryByRole('button', { name: 'Import' })).toBeNull();
    await pick(dialog, 'Items that already exist', 'Overwrite existing items');
    fireEvent.click(dialog.getByRole('button', { name: 'Preview' }));

    await dialog.findByRole('table', { name: 'Import changes' });
    expect(cells('Import changes').map((row) => [row[1], row[2]])).toEqual([
      ['shop', 'CREATE'],
      ['nas', 'UPDATE'],
      ['offsite', 'UNCHANGED'],
      ['nightly', 'CREATE'],
      ['Operators', 'CONFLICT'],
    ]);
    expect(sent(client, 'ImportConfigBackup')).toEqual([
      { input: { backupId: 'bak_cfg', policy: 'OVERWRITE', dryRun: true } },
    ]);

    fireEvent.click(dialog.getByRole('button', { name: 'Import' }));
    expect(await dialog.findByRole('alert', { name: 'Configuration imported' })).toHaveTextContent('2 items created');
    expect(sent(client, 'ImportConfigBackup')[1]).toEqual({
      input: { backupId: 'bak_cfg', policy: 'OVERWRITE', dryRun: false },
    });
    fireEvent.click(dialog.getByRole('button', { name: 'Done' }));
  });

  it('says when the stored backup does not open with this instance’s profile keys', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: [...restorer, 'settings:write'],
      handlers: {
        ...withConfigBackup,
        ImportConfigBackup: serverError('configbackup: no profile key opens the envelope', {
          code: 'CONFIG_OPEN_FAILED',
          field: 'backupId',
        }),
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: /^Import the configuration of/ }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Import configuration' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Preview' }));
    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent('does not open with this instance’s encryption profile keys');
    expect(alert).toHaveTextContent('configbackup: no profile key opens the envelope');
  });

  it('shows why the stored backup cannot be imported', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: [...restorer, 'settings:write'],
      handlers: {
        ...withConfigBackup,
        ImportConfigBackup: serverError('no profile of this instance has key ee5133d4b9df3c93', {
          code: 'UNKNOWN_KEY',
        }),
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: /^Import the configuration of/ }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Import configuration' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Preview' }));
    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent('Could not preview the import');
    expect(alert).toHaveTextContent('no profile of this instance has key ee5133d4b9df3c93');
  });
});
