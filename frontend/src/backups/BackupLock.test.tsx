import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderAdmin, sent, serverError } from '../admin/test/fakeServer';
import { backupFixture, handlers, listing, restorer } from './testFixtures';

const deleter = [...restorer, 'storage:delete'];
const label = `nightly, ${backupFixture().objectKey}`;

describe('locking a backup', () => {
  it('locks and unlocks a backup from its row and shows the Locked badge', async () => {
    const { client } = renderAdmin('/destinations/dst_nas/backups', {
      permissions: deleter,
      handlers: {
        ...handlers,
        SetBackupLocked: ({ locked }) => ({ setBackupLocked: backupFixture({ locked: Boolean(locked) }) }),
      },
    });
    await screen.findByRole('table', { name: 'Backups' });
    expect(screen.queryByText('Locked')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: `Lock the backup of ${label}` }));
    expect(await screen.findByText('Locked')).toBeInTheDocument();
    expect(sent(client, 'SetBackupLocked')).toEqual([{ id: backupFixture().id, locked: true }]);
    const unlock = screen.getByRole('button', { name: `Unlock the backup of ${label}` });
    expect(unlock).toHaveAttribute('aria-pressed', 'true');

    fireEvent.click(unlock);
    await waitFor(() => expect(screen.queryByText('Locked')).toBeNull());
    expect(sent(client, 'SetBackupLocked').at(-1)).toEqual({ id: backupFixture().id, locked: false });
  });

  it('says why a lock was refused', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: deleter,
      handlers: { ...handlers, SetBackupLocked: serverError('the backup is gone', { code: 'NOT_FOUND' }) },
    });
    fireEvent.click(await screen.findByRole('button', { name: `Lock the backup of ${label}` }));
    expect(await screen.findByText('the backup is gone')).toBeInTheDocument();
    expect(screen.getByText(`Could not lock ${backupFixture().objectKey}`)).toBeInTheDocument();
  });

  it('shows a locked backup’s badge but no toggle without storage:delete', async () => {
    renderAdmin('/destinations/dst_nas/backups', {
      permissions: restorer,
      handlers: { ...handlers, DestinationListing: listing([backupFixture({ locked: true })]) },
    });
    await screen.findByRole('table', { name: 'Backups' });
    expect(screen.getByText('Locked')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^(Lock|Unlock) the backup/ })).toBeNull();
  });
});
