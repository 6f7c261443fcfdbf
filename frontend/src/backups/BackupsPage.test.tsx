import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connection } from '../admin/test/fixtures';
import { renderAdmin, sent, serverError } from '../admin/test/fakeServer';
import { cells, pick } from '../admin/test/interact';
import { backupFixture, handlers, listing, restorer, source } from './testFixtures';

describe('BackupsPage', () => {
  it('lists the backups of a destination with what is inside and how it is stored', async () => {
    const { client } = renderAdmin('/destinations/dst_nas/backups', { permissions: restorer, handlers });

    expect(await screen.findByRole('heading', { level: 2, name: 'Backups on nas' })).toBeInTheDocument();
    await screen.findByRole('table', { name: 'Backups' });
    const [row = []] = cells('Backups');
    expect(row[1]).toBe('nightlymysql 8.4.3');
    expect(row[2]).toBe('shop, crm');
    expect(row[3]).toBe('3.0 MiB');
    expect(row[4]).toBe('Zstandard');
    expect(row[5]).toBe('mainee5133d4b9df3c93');
    expect(row[6]).toBe('0123456789ab');
    expect(row[7]).toBe('Not verified');
    expect(sent(client, 'DestinationListing')).toEqual([{ destination: 'dst_nas' }]);
    expect(screen.queryByRole('button', { name: /^Objects without a sidecar/ })).toBeNull();

    // Refresh lists the destination again.
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(sent(client, 'DestinationListing')).toHaveLength(2));
  });

  it('shows that it is listing the destination until the listing answers', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: { ...handlers, DestinationListing: () => undefined as unknown as object },
    });
    expect(await screen.findByLabelText('Listing the destination')).toBeInTheDocument();
    expect(screen.getByText(/can take a while/)).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Backups' })).toBeNull();
  });

  it('offers no restore without storage:restore and no delete without storage:delete', async () => {
    renderAdmin('/destinations/dst_nas/backups', { permissions: ['storage:read'], handlers });
    await screen.findByRole('table', { name: 'Backups' });
    expect(screen.queryByRole('button', { name: /^Restore/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Delete/ })).toBeNull();
    expect(screen.getByRole('button', { name: /^Verify the backup of nightly/ })).toBeEnabled();
  });

  it('offers the stored and the decrypted file as plain download links with storage:download', async () => {
    renderAdmin('/destinations/dst_nas/backups', { permissions: [...restorer, 'storage:download'], handlers });
    await screen.findByRole('table', { name: 'Backups' });
    const id = backupFixture().id;
    expect(screen.getByRole('link', { name: /^Download the stored file of nightly/ })).toHaveAttribute(
      'href',
      `/api/backups/${id}/download`,
    );
    expect(screen.getByRole('link', { name: /^Download the decrypted dump of nightly/ })).toHaveAttribute(
      'href',
      `/api/backups/${id}/download?decrypt=true`,
    );
  });

  it('offers no download without storage:download', async () => {
    renderAdmin('/destinations/dst_nas/backups', { permissions: restorer, handlers });
    await screen.findByRole('table', { name: 'Backups' });
    expect(screen.queryByRole('link', { name: /^Download/ })).toBeNull();
  });

  it('lists the objects without a sidecar and the sidecars it could not read', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: {
        ...handlers,
        DestinationListing: listing(
          [backupFixture()],
          [
            { key: 'manual/old.sql.gz', sizeBytes: 2048, modifiedAt: '2025-12-24T08:00:00Z' },
            { key: 'nightly/partial.dump.zst', sizeBytes: 12, modifiedAt: '2026-03-02T01:00:00Z' },
          ],
          [{ key: 'nightly/broken.dump.zst.dbackup.json', reason: 'not JSON: unexpected end of input' }],
        ),
      },
    });

    await screen.findByRole('table', { name: 'Backups' });
    const sidecars = within(screen.getByRole('list', { name: 'Invalid sidecars' }));
    expect(sidecars.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'nightly/broken.dump.zst.dbackup.json: not JSON: unexpected end of input',
    ]);
    expect(screen.getByText('1 sidecar could not be read')).toBeInTheDocument();

    const toggle = screen.getByRole('button', { name: 'Objects without a sidecar (2)' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('table', { name: 'Objects without a sidecar' })).toBeNull();
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await screen.findByRole('table', { name: 'Objects without a sidecar' });
    const rows = cells('Objects without a sidecar');
    expect(rows.map((r) => r.slice(0, 2))).toEqual([
      ['manual/old.sql.gz', '2.0 KiB'],
      ['nightly/partial.dump.zst', '12 bytes'],
    ]);
    expect(rows[0]?.[2]).toMatch(/2025/);
    expect(screen.getByText(/DBackup never deletes them/)).toBeInTheDocument();
  });

  it('says when the destination holds no backups', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: { ...handlers, DestinationListing: listing([]) },
    });
    expect(await screen.findByText(/No backups on this destination yet/)).toBeInTheDocument();
  });

  it('filters by object key, job or database and sorts by size', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: {
        ...handlers,
        DestinationListing: listing([
          backupFixture(),
          backupFixture({
            id: 'bak_02',
            objectKey: 'weekly/2026-02-22.dump.zst',
            createdAt: '2026-02-22T10:00:00Z',
            jobName: 'weekly',
            databases: ['billing'],
            sizeBytes: 9 * 1024 * 1024,
          }),
        ]),
      },
    });
    await screen.findByRole('table', { name: 'Backups' });
    const jobs = () => cells('Backups').map((r) => r[1]);
    expect(jobs()).toEqual(['nightlymysql 8.4.3', 'weeklymysql 8.4.3']);

    fireEvent.click(screen.getByRole('radio', { name: 'Largest' }));
    expect(jobs()).toEqual(['weeklymysql 8.4.3', 'nightlymysql 8.4.3']);

    fireEvent.change(screen.getByRole('textbox', { name: 'Filter' }), { target: { value: 'BILL' } });
    expect(jobs()).toEqual(['weeklymysql 8.4.3']);
    fireEvent.change(screen.getByRole('textbox', { name: 'Filter' }), { target: { value: 'nothing-like-it' } });
    expect(screen.getByText(/No backup matches/)).toBeInTheDocument();
  });

  it('verifies a backup and updates its row, with a spinner while it runs', async () => {
    const { client } = renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: {
        ...handlers,
        DestinationListing: listing([
          backupFixture(),
          backupFixture({
            id: 'bak_02',
            objectKey: 'nightly/2026-02-28T100000Z.dump.zst',
            createdAt: '2026-02-28T10:00:12Z',
            verifiedAt: '2026-03-01T00:00:00Z',
            verifyOk: false,
            verifyError: 'SHA-256 differs: the object was changed after it was written',
          }),
        ]),
        // bak_01 matches; the re-hash of bak_02 never answers.
        VerifyBackup: ({ id }) =>
          id === 'bak_01'
            ? {
                verifyBackup: backupFixture({ verifiedAt: '2026-03-05T12:00:00Z', verifyOk: true, verifyError: null }),
              }
            : (undefined as unknown as object),
      },
    });

    await screen.findByRole('table', { name: 'Backups' });
    expect(cells('Backups').map((r) => r[7])).toEqual(['Not verified', 'Changed!']);
    // The reason shows on the red badge's tooltip.
    fireEvent.focus(screen.getByText('Changed!'));
    expect(await screen.findByRole('tooltip', { hidden: true }, { timeout: 2000 })).toHaveTextContent(/SHA-256 differs/);

    fireEvent.click(screen.getByRole('button', { name: /^Verify the backup of nightly, nightly\/2026-03-01/ }));
    await waitFor(() => expect(cells('Backups')[0]?.[7]).toMatch(/^Verified Mar 5, 2026/));
    expect(sent(client, 'VerifyBackup')).toEqual([{ id: 'bak_01' }]);
    // Verifying does not list the destination again.
    expect(sent(client, 'DestinationListing')).toHaveLength(1);

    const pending = screen.getByRole('button', { name: /^Verify the backup of nightly, nightly\/2026-02-28/ });
    fireEvent.click(pending);
    await waitFor(() => expect(pending).toHaveAttribute('data-loading'));
    expect(cells('Backups')[1]?.[7]).toBe('Changed!');
  });

  it('deletes a backup after a confirmation naming its object, and removes its row', async () => {
    const { client } = renderAdmin('/destinations/dst_nas/backups', {
      permissions: [...restorer, 'storage:delete'],
      handlers: {
        ...handlers,
        DestinationListing: listing([
          backupFixture(),
          backupFixture({ id: 'bak_02', objectKey: 'nightly/2026-02-28T100000Z.dump.zst', createdAt: '2026-02-28T10:00:12Z' }),
        ]),
        DeleteBackup: ({ id }) => ({ deleteBackup: id }),
      },
    });

    await screen.findByRole('table', { name: 'Backups' });
    fireEvent.click(screen.getByRole('button', { name: /^Delete the backup of nightly, nightly\/2026-02-28/ }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete backup?' }));
    expect(dialog.getByText('nightly/2026-02-28T100000Z.dump.zst')).toBeInTheDocument();
    expect(sent(client, 'DeleteBackup')).toEqual([]);
    fireEvent.click(dialog.getByRole('button', { name: 'Delete backup' }));

    await waitFor(() => expect(sent(client, 'DeleteBackup')).toEqual([{ id: 'bak_02' }]));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Delete backup?' })).toBeNull());
    expect(cells('Backups').map((r) => r[0])).toEqual([expect.stringContaining('nightly/2026-03-01T100000Z.dump.zst')]);
  });

  it('keeps the confirmation open with the server’s reason when the delete fails', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: [...restorer, 'storage:delete'],
      handlers: { ...handlers, DeleteBackup: serverError('permission denied by the bucket policy') },
    });
    fireEvent.click(await screen.findByRole('button', { name: /^Delete the backup of nightly/ }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete backup?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Delete backup' }));
    expect(await dialog.findByText('permission denied by the bucket policy')).toBeInTheDocument();
    expect(cells('Backups')).toHaveLength(1);
  });

  it('shows why the destination cannot be listed when its credentials were sealed under another key', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: {
        ...handlers,
        DestinationListing: serverError('the destination nas was saved under another ENCRYPTION_KEY', {
          code: 'ENCRYPTION_KEY_MISMATCH',
        }),
      },
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('credentials were sealed under another ENCRYPTION_KEY');
    expect(alert).toHaveTextContent('the destination nas was saved under another ENCRYPTION_KEY');
    expect(alert).toHaveTextContent('ENCRYPTION_KEY_MISMATCH');
    expect(screen.queryByRole('table', { name: 'Backups' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeEnabled();
  });

  it('shows the destination’s connection error', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: { ...handlers, DestinationListing: serverError('dial tcp 10.0.0.5:22: connection refused') },
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not list the destination');
    expect(alert).toHaveTextContent('connection refused');
  });

  it('restores into another source of a compatible engine with renamed and skipped databases', async () => {
    const { client, router } = renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: {
        ...handlers,
        RestoreBackup: { restoreBackup: { __typename: 'Execution', id: 'exe_restore', status: 'QUEUED' } },
        RestoreCheck: {
          restoreCheck: {
            __typename: 'RestoreCheck',
            backupVersion: '8.4.3',
            targetVersion: '10.11.6-MariaDB',
            warnings: ['the backup comes from MySQL 8.4.3; MariaDB may not read all of it'],
          },
        },
      },
    });

    fireEvent.click(await screen.findByRole('button', { name: /^Restore the backup of nightly/ }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Restore backup' }));
    expect(dialog.getByRole('button', { name: 'Next' })).toBeDisabled();

    // Only MySQL and MariaDB sources are offered for a MySQL backup.
    fireEvent.click(await dialog.findByRole('combobox', { name: /^Restore into/ }));
    const options = (await screen.findAllByRole('option', { hidden: true })).map((o) => o.textContent);
    expect(options).toEqual(['staging (mariadb)', 'shop db (mysql)']);
    await pick(dialog, /^Restore into/, 'staging (mariadb)');
    fireEvent.click(dialog.getByRole('button', { name: 'Next' }));

    // Every database starts under its own name; shop is renamed, crm skipped.
    const shop = dialog.getByRole('textbox', { name: 'Restore shop into' });
    const crm = dialog.getByRole('textbox', { name: 'Restore crm into' });
    expect(shop).toHaveValue('shop');
    expect(crm).toHaveValue('crm');
    fireEvent.change(crm, { target: { value: 'shop_copy' } });
    fireEvent.change(shop, { target: { value: 'shop_copy' } });
    expect(await dialog.findByText('shop is already restored into shop_copy')).toBeInTheDocument();
    expect(dialog.getByRole('button', { name: 'Next' })).toBeDisabled();
    fireEvent.change(crm, { target: { value: '' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Next' }));

    expect(dialog.getByText("The target databases' contents will be replaced")).toBeInTheDocument();
    const replaced = within(dialog.getByRole('list', { name: 'Databases replaced' }));
    expect(replaced.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['shop_copy from shop']);
    expect(sent(client, 'RestoreBackup')).toEqual([]);

    // The server compares both sides first; its warnings inform but do not block.
    await waitFor(() => expect(sent(client, 'RestoreCheck')).toEqual([{ backup: 'bak_01', targetSource: 'src_maria' }]));
    const versions = within(await dialog.findByRole('table', { name: 'Server versions' }));
    expect(versions.getAllByRole('row').map((tr) => tr.textContent)).toEqual([
      'Backupmysql 8.4.3',
      'stagingmariadb 10.11.6-MariaDB',
    ]);
    const warnings = within(dialog.getByRole('list', { name: 'Restore warnings' }));
    expect(warnings.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'the backup comes from MySQL 8.4.3; MariaDB may not read all of it',
    ]);
    expect(dialog.getByRole('button', { name: 'Replace and restore' })).toBeEnabled();
    fireEvent.click(dialog.getByRole('button', { name: 'Replace and restore' }));

    await waitFor(() =>
      expect(sent(client, 'RestoreBackup')).toEqual([
        {
          backup: 'bak_01',
          targetSource: 'src_maria',
          databaseMapping: [
            { from: 'shop', to: 'shop_copy' },
            { from: 'crm', to: '' },
          ],
        },
      ]),
    );
    await waitFor(() => expect(router.state.location.pathname).toBe('/executions/exe_restore'));
  });

  it('keeps the wizard open with the server’s reason when the restore cannot start', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: {
        ...handlers,
        RestoreBackup: serverError('the backup is encrypted with a key no profile holds', {
          code: 'ENCRYPTION_KEY_MISMATCH',
        }),
      },
    });

    fireEvent.click(await screen.findByRole('button', { name: /^Restore the backup of nightly/ }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Restore backup' }));
    await pick(dialog, /^Restore into/, 'shop db (mysql)');
    fireEvent.click(dialog.getByRole('button', { name: 'Next' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Next' }));
    // The check has not answered yet: it shows as loading and does not hold the restore back.
    expect(await dialog.findByLabelText('Checking the target')).toBeInTheDocument();
    expect(dialog.getByRole('button', { name: 'Replace and restore' })).toBeEnabled();
    fireEvent.click(dialog.getByRole('button', { name: 'Replace and restore' }));

    expect(await dialog.findByText('the backup is encrypted with a key no profile holds')).toBeInTheDocument();
  });

  it('restores a SQLite backup into the target source’s own file, with no mapping to edit', async () => {
    const { client } = renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: {
        ...handlers,
        DestinationListing: listing([
          backupFixture({ engine: 'sqlite', serverVersion: '3.46.1', databases: ['/srv/shop.db'] }),
        ]),
        RestoreTargets: {
          sources: connection('Source', [
            { ...source('src_copy', 'copy', 'sqlite'), host: null, port: null, database: '/srv/copy.db' },
            source('src_mysql', 'shop db', 'mysql'),
          ]),
        },
        RestoreCheck: {
          restoreCheck: { __typename: 'RestoreCheck', backupVersion: '3.46.1', targetVersion: null, warnings: [] },
        },
        RestoreBackup: { restoreBackup: { __typename: 'Execution', id: 'exe_restore', status: 'QUEUED' } },
      },
    });

    fireEvent.click(await screen.findByRole('button', { name: /^Restore the backup of nightly/ }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Restore backup' }));
    await pick(dialog, /^Restore into/, 'copy (sqlite)');
    fireEvent.click(dialog.getByRole('button', { name: 'Next' }));

    expect(dialog.queryByRole('table', { name: 'Database mapping' })).toBeNull();
    expect(dialog.queryByRole('textbox', { name: /^Restore .* into$/ })).toBeNull();
    expect(dialog.getByText(/Restores into/).textContent).toContain('Restores into /srv/copy.db configured on copy');
    fireEvent.click(dialog.getByRole('button', { name: 'Next' }));

    const replaced = within(dialog.getByRole('list', { name: 'Databases replaced' }));
    expect(replaced.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['/srv/copy.db from /srv/shop.db']);
    const versions = within(await dialog.findByRole('table', { name: 'Server versions' }));
    expect(versions.getAllByRole('row').map((tr) => tr.textContent)).toEqual([
      'Backupsqlite 3.46.1',
      'copysqlite version unknown: the server could not be reached',
    ]);
    expect(dialog.queryByRole('list', { name: 'Restore warnings' })).toBeNull();
    fireEvent.click(dialog.getByRole('button', { name: 'Replace and restore' }));

    await waitFor(() =>
      expect(sent(client, 'RestoreBackup')).toEqual([
        { backup: 'bak_01', targetSource: 'src_copy', databaseMapping: null },
      ]),
    );
  });
});
