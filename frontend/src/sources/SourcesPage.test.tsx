import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connection } from '../admin/test/fixtures';
import { type Handler, renderAdmin, sent, serverError } from '../admin/test/fakeServer';
import { cells, pick, type } from '../admin/test/interact';
import { source, sourceEngines } from '../test/configFixtures';

const writer = ['sources:read', 'sources:write'];

const pg = source(
  'pg',
  { host: 'db.example.com', port: '5432', username: 'postgres', tls_mode: 'disable' },
  {
    password: 'SET',
    tls_client_key: 'UNSET',
  },
);
const broken = source('legacy', { host: '10.0.0.7', username: 'app' }, { password: 'UNDECRYPTABLE' });
const file = source('notes', { database: '/var/lib/notes.db' }, {}, 'sqlite');

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    SourceList: { sources: connection('Source', [broken, file, pg]) },
    SourceEngines: sourceEngines,
    ...extra,
  };
}

const ok = {
  testSource: {
    __typename: 'SourceTestResult',
    ok: true,
    serverVersion: 'PostgreSQL 15.20',
    latencyMs: 0.218,
    databases: [
      { __typename: 'DatabaseInfo', name: 'postgres', sizeBytes: 7_708_007 },
      { __typename: 'DatabaseInfo', name: 'shop', sizeBytes: 3 * 1024 ** 3 },
      { __typename: 'DatabaseInfo', name: 'hidden', sizeBytes: null },
    ],
    error: null,
  },
};

function failed(code: string, message: string, field: string | null = null) {
  return {
    testSource: {
      __typename: 'SourceTestResult',
      ok: false,
      serverVersion: null,
      latencyMs: null,
      databases: [],
      error: { __typename: 'TestError', code, message, field },
    },
  };
}

async function openEdit(name: string) {
  fireEvent.click(await screen.findByRole('button', { name: `Edit ${name}` }));
  return within(await screen.findByRole('dialog', { name: `Edit ${name}` }));
}

describe('SourcesPage', () => {
  it('lists the sources with engine, host or file and the state of their secrets', async () => {
    renderAdmin('/sources', { permissions: writer, handlers: handlers() });

    await screen.findByRole('table', { name: 'Sources' });
    await screen.findAllByText('PostgreSQL');
    expect(cells('Sources').map((row) => row.slice(0, 4))).toEqual([
      ['legacy', 'PostgreSQL', '10.0.0.7', 'Password cannot be decryptedre-enter'],
      ['notes', 'SQLite', '/var/lib/notes.db', 'none'],
      ['pg', 'PostgreSQL', 'db.example.com:5432', 'Password'],
    ]);
    expect(screen.getByTestId('undecryptable-secret')).toHaveTextContent('Password cannot be decrypted');
  });

  it('offers no changes or tests to a viewer without sources:write', async () => {
    renderAdmin('/sources', { permissions: ['sources:read'], handlers: handlers() });

    await screen.findByRole('table', { name: 'Sources' });
    expect(screen.queryByRole('button', { name: 'New source' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^(Edit|Delete|Test|Re-enter)/ })).toBeNull();
  });

  it('draws the form of the chosen engine from its field specs and sends settings and secrets apart', async () => {
    const { client } = renderAdmin('/sources', {
      permissions: writer,
      handlers: handlers({ CreateSource: { createSource: pg } }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'New source' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New source' }));
    expect(dialog.queryByLabelText(/^Host/)).toBeNull();
    await pick(dialog, 'Engine', 'PostgreSQL');

    const host = dialog.getByRole('textbox', { name: 'Host' });
    expect(host).toBeRequired();
    expect(host).toHaveAccessibleDescription('Host name or IP address.');
    expect(dialog.getByRole('textbox', { name: 'Port' })).toHaveValue('5432');
    expect(dialog.getByRole('textbox', { name: 'Username' })).toHaveValue('postgres');
    const password = dialog.getByLabelText('Password');
    expect(password).toHaveAttribute('type', 'password');
    expect(password).not.toHaveAttribute('placeholder');
    expect(dialog.getByRole('combobox', { name: 'TLS' })).toHaveValue('prefer');
    expect(dialog.getByRole('textbox', { name: 'CA certificate' }).tagName).toBe('TEXTAREA');
    expect(dialog.getByRole('switch', { name: 'Compress traffic' })).not.toBeChecked();

    type(dialog, /^Name/, 'pg');
    type(dialog, /^Host/, 'db.example.com');
    type(dialog, 'Password', 's3cret');
    await pick(dialog, 'TLS', 'disable');
    fireEvent.click(dialog.getByRole('switch', { name: 'Compress traffic' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Create source' }));

    await waitFor(() => expect(sent(client, 'CreateSource')).toHaveLength(1));
    expect(sent(client, 'CreateSource')[0]).toEqual({
      input: {
        name: 'pg',
        engine: 'postgres',
        settings: [
          { name: 'host', value: 'db.example.com' },
          { name: 'port', value: '5432' },
          { name: 'username', value: 'postgres' },
          { name: 'tls_mode', value: 'disable' },
          { name: 'tls_ca_cert', value: '' },
          { name: 'compress', value: 'true' },
        ],
        secrets: [{ name: 'password', value: 's3cret' }],
      },
    });
    expect(await screen.findByText('Source created')).toBeInTheDocument();
  });

  it('checks required fields and absolute paths before sending', async () => {
    const { client } = renderAdmin('/sources', { permissions: writer, handlers: handlers() });

    fireEvent.click(await screen.findByRole('button', { name: 'New source' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New source' }));
    await pick(dialog, 'Engine', 'SQLite');
    type(dialog, /^Database file/, 'notes.db');
    fireEvent.click(dialog.getByRole('button', { name: 'Create source' }));

    expect(await dialog.findByText('Enter a name')).toBeInTheDocument();
    expect(dialog.getByText('Enter an absolute path, starting with /')).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();
  });

  it('never prefills a stored secret and sends none unless one is typed', async () => {
    const { client } = renderAdmin('/sources', {
      permissions: writer,
      handlers: handlers({ UpdateSource: { updateSource: pg } }),
    });
    const dialog = await openEdit('pg');

    const password = dialog.getByLabelText('Password');
    expect(password).toHaveValue('');
    expect(password).toHaveAttribute('placeholder', 'stored — leave empty to keep');
    expect(password).not.toBeRequired();
    expect(dialog.getByRole('combobox', { name: 'Engine' })).toBeDisabled();
    expect(dialog.getByRole('textbox', { name: 'Host' })).toHaveValue('db.example.com');
    type(dialog, 'Port', '5433');
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(sent(client, 'UpdateSource')).toHaveLength(1));
    const [update] = sent(client, 'UpdateSource') as [
      { id: string; input: { secrets: unknown[]; settings: unknown[] } },
    ];
    expect(update.id).toBe(pg.id);
    expect(update.input.secrets).toEqual([]);
    expect(update.input.settings).toContainEqual({ name: 'port', value: '5433' });
    expect(update.input.settings).toContainEqual({ name: 'tls_mode', value: 'disable' });
  });

  it('sends an empty value for a stored secret the user clears', async () => {
    const { client } = renderAdmin('/sources', {
      permissions: writer,
      handlers: handlers({ UpdateSource: { updateSource: pg } }),
    });
    const dialog = await openEdit('pg');

    fireEvent.click(dialog.getByRole('button', { name: 'Clear the stored Password' }));
    expect(dialog.getByLabelText('Password')).toHaveAccessibleDescription('The stored value is removed when you save.');
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(sent(client, 'UpdateSource')).toHaveLength(1));
    expect((sent(client, 'UpdateSource')[0]?.input as { secrets: unknown }).secrets).toEqual([
      { name: 'password', value: '' },
    ]);
  });

  it('flags a secret that cannot be decrypted and opens the edit form to re-enter it', async () => {
    renderAdmin('/sources', { permissions: writer, handlers: handlers() });

    fireEvent.click(await screen.findByRole('button', { name: 'Re-enter the Password of legacy' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit legacy' }));
    const password = dialog.getByLabelText(/^Password/);
    expect(password).toHaveValue('');
    expect(password).toHaveAccessibleDescription(/cannot be decrypted — re-enter/);
    expect(password).toHaveAttribute('data-secret-state', 'UNDECRYPTABLE');
    expect(dialog.getByText('cannot be decrypted — re-enter')).toBeInTheDocument();
  });

  it('tests the unsaved form and shows the version, latency and databases with their sizes', async () => {
    const { client } = renderAdmin('/sources', { permissions: writer, handlers: handlers({ TestSource: ok }) });

    fireEvent.click(await screen.findByRole('button', { name: 'New source' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New source' }));
    await pick(dialog, 'Engine', 'PostgreSQL');
    type(dialog, /^Host/, '127.0.0.1');
    fireEvent.click(dialog.getByRole('button', { name: 'Test connection' }));

    const result = within(await dialog.findByRole('region', { name: 'Connection test' }));
    expect(result.getByText('Connection OK')).toBeInTheDocument();
    expect(result.getByTestId('server-version')).toHaveTextContent('PostgreSQL 15.20');
    expect(result.getByText('Latency: 0.2 ms')).toBeInTheDocument();
    expect(cells('Databases')).toEqual([
      ['postgres', '7.4 MiB'],
      ['shop', '3.0 GiB'],
      ['hidden', 'unknown'],
    ]);
    const [test] = sent(client, 'TestSource') as [{ id?: string; input: { name: string; engine: string } }];
    expect(test.id).toBeUndefined();
    expect(test.input).toMatchObject({ name: 'unsaved source', engine: 'postgres', secrets: [] });
    expect(client.executeMutation).toHaveBeenCalledTimes(1);
  });

  it('tests an edited source with its id, so stored secrets fill in what is left empty', async () => {
    const { client } = renderAdmin('/sources', { permissions: writer, handlers: handlers({ TestSource: ok }) });
    const dialog = await openEdit('pg');

    fireEvent.click(dialog.getByRole('button', { name: 'Test connection' }));

    await dialog.findByText('Connection OK');
    expect(sent(client, 'TestSource')[0]).toMatchObject({
      id: pg.id,
      input: { name: 'pg', engine: 'postgres', secrets: [] },
    });
  });

  it('names the failure of a test and marks the setting at fault', async () => {
    renderAdmin('/sources', {
      permissions: writer,
      handlers: handlers({
        TestSource: failed('INVALID_CONFIG', 'port "99999" is not a number from 1 to 65535', 'port'),
      }),
    });
    const dialog = await openEdit('pg');

    fireEvent.click(dialog.getByRole('button', { name: 'Test connection' }));

    const alert = await dialog.findByTestId('test-error');
    expect(alert).toHaveTextContent('Invalid settings');
    expect(alert).toHaveTextContent('Setting: Port');
    const port = dialog.getByRole('textbox', { name: 'Port' });
    expect(port).toHaveAttribute('aria-invalid', 'true');
    expect(port).toHaveAccessibleDescription(/port "99999" is not a number/);
  });

  it.each([
    ['HOST_UNREACHABLE', 'Host unreachable', /nothing accepts connections/],
    ['AUTH_FAILED', 'Authentication failed', /nothing accepts connections/],
    ['ENCRYPTION_KEY_MISMATCH', 'Stored secret sealed with another key', /sealed with a different ENCRYPTION_KEY/],
  ])('shows %s as "%s" with the message', async (code, title, detail) => {
    renderAdmin('/sources', {
      permissions: writer,
      handlers: handlers({ TestSource: failed(code, 'nothing accepts connections on that port') }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Test pg' }));

    const row = within(await screen.findByRole('cell', { name: 'Connection test of pg' }));
    const alert = row.getByTestId('test-error');
    expect(within(alert).getByText(title)).toBeInTheDocument();
    expect(alert).toHaveTextContent(detail);
    expect(alert).toHaveTextContent(code);
  });

  it('tests a saved source from its row by id', async () => {
    const { client } = renderAdmin('/sources', { permissions: writer, handlers: handlers({ TestSource: ok }) });

    fireEvent.click(await screen.findByRole('button', { name: 'Test pg' }));

    const row = within(await screen.findByRole('cell', { name: 'Connection test of pg' }));
    expect(row.getByText('Connection OK')).toBeInTheDocument();
    expect(sent(client, 'TestSource')).toEqual([{ id: pg.id }]);
    fireEvent.click(row.getByRole('button', { name: 'Hide the test of pg' }));
    await waitFor(() => expect(screen.queryByRole('cell', { name: 'Connection test of pg' })).toBeNull());
  });

  it('shows a taken name next to the name', async () => {
    renderAdmin('/sources', {
      permissions: writer,
      handlers: handlers({
        UpdateSource: serverError('source "pg": the name is taken', { code: 'CONFLICT', field: 'name' }),
      }),
    });
    const dialog = await openEdit('pg');

    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    expect(await dialog.findByText('source "pg": the name is taken')).toBeInTheDocument();
    expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('lists the jobs that still use a source it cannot delete', async () => {
    const { client } = renderAdmin('/sources', {
      permissions: writer,
      handlers: handlers({
        DeleteSource: serverError('source "pg" is used by job(s) nightly, weekly: change or delete those jobs first', {
          code: 'IN_USE',
          users: ['nightly', 'weekly'],
        }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Delete pg' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete source pg?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Delete pg' }));

    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent('pg is used by 2 jobs');
    expect(alert).toHaveTextContent('Change or delete the jobs nightly, weekly first');
    expect(sent(client, 'DeleteSource')).toEqual([{ id: pg.id }]);
  });
});
