import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connection } from '../admin/test/fixtures';
import { renderAdmin, sent } from '../admin/test/fakeServer';
import { pick } from '../admin/test/interact';
import { backupFixture, handlers, listing, restorer, source } from './testFixtures';

const steps = ['Stop `cache` with `redis-cli SHUTDOWN NOSAVE`', 'Copy the dump to `/var/lib/redis/dump.rdb`'];

function redisServer(method: string) {
  return {
    ...handlers,
    DestinationListing: listing([
      backupFixture({ engine: 'redis', serverVersion: '7.4.1', databases: null, encrypted: false }),
    ]),
    RestoreTargets: {
      sources: connection('Source', [{ ...source('src_cache', 'cache', 'redis'), port: 6379, database: null }]),
    },
    RestoreCheck: {
      restoreCheck: {
        __typename: 'RestoreCheck',
        method,
        manualSteps: steps,
        backupVersion: '7.4.1',
        targetVersion: '7.4.1',
        warnings: [],
      },
    },
    RestoreBackup: { restoreBackup: { __typename: 'Execution', id: 'exe_restore', status: 'QUEUED' } },
  };
}

async function confirmStep() {
  fireEvent.click(await screen.findByRole('button', { name: /^Restore the backup of nightly/ }));
  const dialog = within(await screen.findByRole('dialog', { name: 'Restore backup' }));
  await pick(dialog, /^Restore into/, 'cache (redis)');
  fireEvent.click(dialog.getByRole('button', { name: 'Next' }));
  fireEvent.click(dialog.getByRole('button', { name: 'Next' }));
  await dialog.findByRole('table', { name: 'Server versions' });
  return dialog;
}

describe('The restore method in the restore wizard', () => {
  it('refuses to restore into a Redis not marked replaceable and lists the steps to do it by hand', async () => {
    const { client } = renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: redisServer('MANUAL'),
    });
    const dialog = await confirmStep();

    expect(dialog.getByText('cache is not marked replaceable: restore it by hand')).toBeInTheDocument();
    const list = dialog.getByRole('list', { name: 'Steps to restore by hand' });
    expect(list.tagName).toBe('OL');
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      'Stop cache with redis-cli SHUTDOWN NOSAVE',
      'Copy the dump to /var/lib/redis/dump.rdb',
    ]);
    expect([...items[0]!.querySelectorAll('code')].map((c) => c.textContent)).toEqual([
      'cache',
      'redis-cli SHUTDOWN NOSAVE',
    ]);
    expect(dialog.getByText(/mark cache replaceable in its settings/)).toBeInTheDocument();
    expect(dialog.queryByText("The target databases' contents will be replaced")).toBeNull();
    expect(dialog.getByRole('button', { name: 'Replace and restore' })).toBeDisabled();
    expect(client.executeMutation).not.toHaveBeenCalled();
  });

  it('says FLUSHALL replaces everything on a replaceable Redis, with the manual steps collapsed', async () => {
    const { client } = renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: redisServer('FLUSH_AND_REPLAY'),
    });
    const dialog = await confirmStep();

    expect(dialog.getByTestId('restore-method')).toHaveTextContent(
      'Everything on cache is deleted (FLUSHALL), then every key of the backup is replayed — works on managed Redis',
    );
    const byHand = dialog.getByRole('button', { name: 'Restore by hand instead' });
    expect(byHand).toHaveAttribute('aria-expanded', 'false');
    expect(dialog.queryByRole('list', { name: 'Steps to restore by hand' })).toBeNull();
    fireEvent.click(byHand);
    expect(within(dialog.getByRole('list', { name: 'Steps to restore by hand' })).getAllByRole('listitem')).toHaveLength(2);

    fireEvent.click(dialog.getByRole('button', { name: 'Replace and restore' }));
    await waitFor(() => expect(sent(client, 'RestoreBackup')).toHaveLength(1));
  });

  it('says the databases are dropped and recreated for a database server', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: {
        ...handlers,
        RestoreCheck: {
          restoreCheck: {
            __typename: 'RestoreCheck',
            method: 'REPLACE_DATABASES',
            manualSteps: [],
            backupVersion: '8.4.3',
            targetVersion: '8.4.3',
            warnings: [],
          },
        },
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: /^Restore the backup of nightly/ }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Restore backup' }));
    await pick(dialog, /^Restore into/, 'shop db (mysql)');
    fireEvent.click(dialog.getByRole('button', { name: 'Next' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Next' }));

    expect(await dialog.findByTestId('restore-method')).toHaveTextContent(
      'The chosen databases are dropped and recreated.',
    );
    expect(dialog.queryByRole('button', { name: 'Restore by hand instead' })).toBeNull();
    expect(dialog.getByRole('button', { name: 'Replace and restore' })).toBeEnabled();
  });
});
