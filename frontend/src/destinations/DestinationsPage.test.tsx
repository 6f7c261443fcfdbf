import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connection } from '../admin/test/fixtures';
import { type Handler, renderAdmin, sent, serverError } from '../admin/test/fakeServer';
import { cells, pick, type } from '../admin/test/interact';
import { destination, destinationKinds } from '../test/configFixtures';

const writer = ['destinations:read', 'destinations:write'];

const bucket = destination(
  'offsite',
  's3',
  { endpoint: 'http://127.0.0.1:9000', bucket: 'backups', prefix: 'prod', path_style: 'true', access_key_id: 'AKID' },
  { secret_access_key: 'SET', password: 'UNSET' },
);
const nas = destination('nas', 'sftp', { host: 'nas.lan', path: '/srv/backups', trust_on_first_use: 'true' });

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    DestinationList: { destinations: connection('Destination', [nas, bucket]) },
    DestinationKinds: destinationKinds,
    ...extra,
  };
}

function result(fields: { ok: boolean; latencyMs?: number; hostKeyFingerprint?: string; error?: object }) {
  return {
    testDestination: {
      __typename: 'DestinationTestResult',
      latencyMs: null,
      hostKeyFingerprint: null,
      error: null,
      ...fields,
    },
  };
}

const fingerprint = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';

describe('DestinationsPage', () => {
  it('lists the destinations with their kind, location and stored secrets', async () => {
    renderAdmin('/destinations', { permissions: writer, handlers: handlers() });

    await screen.findByRole('table', { name: 'Destinations' });
    await screen.findByText('SFTP server');
    expect(cells('Destinations').map((row) => row.slice(0, 4))).toEqual([
      ['nas', 'SFTP server', 'nas.lan:/srv/backups', 'none'],
      ['offsite', 'S3-compatible bucket', 'http://127.0.0.1:9000/backups/prod', 'Secret access key'],
    ]);
  });

  it('changes only the prefix of a bucket without sending its secret key, and tests with the stored one', async () => {
    const { client } = renderAdmin('/destinations', {
      permissions: writer,
      handlers: handlers({
        UpdateDestination: { updateDestination: bucket },
        TestDestination: result({ ok: true, latencyMs: 13.4 }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit offsite' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit offsite' }));
    expect(dialog.getByRole('switch', { name: 'Path-style addressing' })).toBeChecked();
    const secret = dialog.getByLabelText(/^Secret access key/);
    expect(secret).toHaveValue('');
    expect(secret).not.toBeRequired();
    expect(secret).toHaveAttribute('placeholder', 'stored — leave empty to keep');
    type(dialog, 'Prefix', 'team/prod');

    fireEvent.click(dialog.getByRole('button', { name: 'Test connection' }));
    expect(await dialog.findByText(/written, read back and deleted in 13 ms/)).toBeInTheDocument();
    expect(sent(client, 'TestDestination')[0]).toMatchObject({
      id: bucket.id,
      input: { kind: 's3', secrets: [], settings: expect.arrayContaining([{ name: 'prefix', value: 'team/prod' }]) },
    });

    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sent(client, 'UpdateDestination')).toHaveLength(1));
    expect(sent(client, 'UpdateDestination')[0]).toEqual({
      id: bucket.id,
      input: {
        name: 'offsite',
        settings: [
          { name: 'endpoint', value: 'http://127.0.0.1:9000' },
          { name: 'bucket', value: 'backups' },
          { name: 'prefix', value: 'team/prod' },
          { name: 'path_style', value: 'true' },
          { name: 'access_key_id', value: 'AKID' },
        ],
        secrets: [],
      },
    });
  });

  it('requires the secret key of a new bucket', async () => {
    const { client } = renderAdmin('/destinations', { permissions: writer, handlers: handlers() });

    fireEvent.click(await screen.findByRole('button', { name: 'New destination' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New destination' }));
    await pick(dialog, 'Kind', 'S3-compatible bucket');
    type(dialog, /^Name/, 'offsite');
    type(dialog, /^Bucket/, 'backups');
    type(dialog, /^Access key ID/, 'AKID');
    expect(dialog.getByLabelText(/^Secret access key/)).toBeRequired();
    fireEvent.click(dialog.getByRole('button', { name: 'Create destination' }));

    expect(await dialog.findByText('Secret access key is required')).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
  });

  it('shows the host key of an SFTP server as trusted on first use and recorded', async () => {
    renderAdmin('/destinations', {
      permissions: writer,
      handlers: handlers({ TestDestination: result({ ok: true, latencyMs: 40, hostKeyFingerprint: fingerprint }) }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Test nas' }));

    const row = within(await screen.findByRole('cell', { name: 'Connection test of nas' }));
    expect(row.getByTestId('host-key-fingerprint')).toHaveTextContent(fingerprint);
    expect(row.getByText(/trusted on first use and recorded/)).toBeInTheDocument();
  });

  it('asks to pin the host key when the form does not trust it on first use', async () => {
    renderAdmin('/destinations', {
      permissions: writer,
      handlers: handlers({
        TestDestination: result({
          ok: false,
          hostKeyFingerprint: fingerprint,
          error: {
            __typename: 'TestError',
            code: 'HOST_KEY_MISMATCH',
            message: 'no host key is pinned and trust on first use is off',
            field: 'host_key_fingerprint',
          },
        }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'New destination' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New destination' }));
    await pick(dialog, 'Kind', 'SFTP server');
    fireEvent.click(dialog.getByRole('button', { name: 'Test connection' }));

    expect(await dialog.findByText('Host key mismatch')).toBeInTheDocument();
    expect(dialog.getByTestId('host-key-fingerprint')).toHaveTextContent(fingerprint);
    expect(dialog.getByText(/pin it as the host key fingerprint/)).toBeInTheDocument();
  });

  it('lists the jobs that still use a destination it cannot delete', async () => {
    renderAdmin('/destinations', {
      permissions: writer,
      handlers: handlers({
        DeleteDestination: serverError('destination "nas" is used by job(s) nightly', {
          code: 'IN_USE',
          users: ['nightly'],
        }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Delete nas' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete destination nas?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Delete nas' }));

    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent('nas is used by 1 job');
    expect(alert).toHaveTextContent('Change or delete the job nightly first');
  });
  it('links each destination to its backups for a viewer with storage:read, even without destinations:write', async () => {
    const { router } = renderAdmin('/destinations', {
      permissions: ['destinations:read', 'storage:read'],
      handlers: handlers({
        BackupDestination: { destinations: connection('Destination', [nas]) },
        DestinationListing: {
          destinationListing: {
            __typename: 'DestinationListing',
            backups: [],
            unknownObjects: [],
            invalidSidecars: [],
          },
        },
      }),
    });

    const link = await screen.findByRole('link', { name: 'Backups on nas' });
    expect(link).toHaveAttribute('href', `/destinations/${nas.id}/backups`);
    expect(screen.queryByRole('button', { name: 'Edit nas' })).toBeNull();
    fireEvent.click(link);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/destinations/${nas.id}/backups`));
    expect(await screen.findByText(/No backups on this destination yet/)).toBeInTheDocument();
  });

  it('offers no backups link without storage:read', async () => {
    renderAdmin('/destinations', { permissions: writer, handlers: handlers() });
    await screen.findByRole('table', { name: 'Destinations' });
    expect(screen.queryByRole('link', { name: 'Backups on nas' })).toBeNull();
  });
});
