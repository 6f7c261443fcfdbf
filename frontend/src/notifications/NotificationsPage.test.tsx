import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { connection } from '../admin/test/fixtures';
import { type Handler, renderAdmin, sent, serverError } from '../admin/test/fakeServer';
import { cells, pick, type } from '../admin/test/interact';
import { channel, delivery, notificationKinds, secrets } from './testFixtures';

const writer = ['notifications:read', 'notifications:write'];

const hook = channel(
  'ops hook',
  'webhook',
  { url: 'https://hooks.example.com/dbackup' },
  {
    systemEvents: ['system.key_mismatch', 'restore.failure'],
    secrets: secrets({ secret: 'SET', headers: 'UNSET' }),
  },
);
const chat = channel(
  'oncall',
  'telegram',
  { chat_id: '-100123', silent: 'false' },
  { enabled: false, secrets: secrets({ bot_token: 'SET' }) },
);
/** sealed is a channel whose bot token was sealed under an ENCRYPTION_KEY that is no longer loaded. */
const sealed = channel(
  'pager',
  'telegram',
  { chat_id: '-100456', silent: 'true' },
  { secrets: secrets({ bot_token: 'UNDECRYPTABLE' }) },
);
const failed = delivery('2', hook, {
  createdAt: '2026-12-07T11:00:00Z',
  status: 'FAILED',
  attempts: 3,
  error: 'webhook answered 500 Internal Server Error',
  sentAt: null,
});
const ok = delivery('1', hook);

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    NotificationChannelList: { notificationChannels: connection('NotificationChannel', [chat, hook]) },
    NotificationKinds: notificationKinds,
    NotificationDeliveryList: { notificationDeliveries: connection('NotificationDelivery', [failed, ok]) },
    ...extra,
  };
}

describe('NotificationsPage', () => {
  it('lists the channels with their stored secrets, events and last delivery, and the deliveries', async () => {
    renderAdmin('/notifications', { permissions: writer, handlers: handlers() });

    await screen.findByRole('table', { name: 'Channels' });
    await screen.findByText('Telegram');
    expect(cells('Channels').map((row) => row.slice(0, 5))).toEqual([
      ['oncall', 'Telegram', 'Off', 'Bot token', 'none'],
      ['ops hook', 'Webhook', 'On', 'Signing secret', 'ENCRYPTION_KEY mismatch at startRestore failed'],
    ]);
    expect(cells('Channels').map((row) => row[5])).toEqual(['never', expect.stringMatching(/^Failed/)]);

    await screen.findByRole('table', { name: 'Deliveries' });
    expect(cells('Deliveries').map((row) => row.slice(1))).toEqual([
      [
        'ops hook',
        'Test message',
        'Test message from DBackup',
        'Failed',
        '3',
        'webhook answered 500 Internal Server Error',
      ],
      ['ops hook', 'Test message', 'Test message from DBackup', 'Sent', '1', ''],
    ]);
  });

  it('creates a webhook channel from the kind’s fields, with its signing secret and system events', async () => {
    const { client } = renderAdmin('/notifications', {
      permissions: writer,
      handlers: handlers({ CreateNotificationChannel: { createNotificationChannel: hook } }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Add channel' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New channel' }));
    await pick(dialog, 'Kind', 'Webhook');
    expect(dialog.getByLabelText(/^URL/)).toBeRequired();
    expect(dialog.getByLabelText(/^Signing secret/)).not.toBeRequired();
    expect(dialog.getByText('Where each event is POSTed.')).toBeInTheDocument();
    expect(dialog.getByRole('switch', { name: /Enabled/ })).toBeChecked();

    type(dialog, /^Name/, 'ops hook');
    fireEvent.click(dialog.getByRole('button', { name: 'Create channel' }));
    expect(await dialog.findByText('URL is required')).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();

    type(dialog, /^URL/, 'https://hooks.example.com/dbackup');
    type(dialog, /^Signing secret/, 's3cret');
    await pick(dialog, 'System events', 'ENCRYPTION_KEY mismatch at start');
    fireEvent.click(dialog.getByRole('button', { name: 'Create channel' }));

    await waitFor(() => expect(sent(client, 'CreateNotificationChannel')).toHaveLength(1));
    expect(sent(client, 'CreateNotificationChannel')[0]).toEqual({
      input: {
        name: 'ops hook',
        kind: 'webhook',
        settings: [{ name: 'url', value: 'https://hooks.example.com/dbackup' }],
        secrets: [{ name: 'secret', value: 's3cret' }],
        enabled: true,
        systemEvents: ['system.key_mismatch'],
      },
    });
  });

  it('shows the server’s errors under the field they name, and a taken name under Name', async () => {
    renderAdmin('/notifications', {
      permissions: writer,
      handlers: handlers({
        CreateNotificationChannel: serverError('url: must be http or https', { code: 'INVALID_INPUT', field: 'url' }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Add channel' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New channel' }));
    await pick(dialog, 'Kind', 'Webhook');
    type(dialog, /^Name/, 'ops hook');
    type(dialog, /^URL/, 'ftp://example.com');
    fireEvent.click(dialog.getByRole('button', { name: 'Create channel' }));

    expect(await dialog.findByText('url: must be http or https')).toBeInTheDocument();
    expect(dialog.getByLabelText(/^URL/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('puts a taken name under Name', async () => {
    renderAdmin('/notifications', {
      permissions: writer,
      handlers: handlers({
        CreateNotificationChannel: serverError('a channel named "ops hook" exists', { code: 'CONFLICT' }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Add channel' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New channel' }));
    await pick(dialog, 'Kind', 'Webhook');
    type(dialog, /^Name/, 'ops hook');
    type(dialog, /^URL/, 'https://example.com');
    fireEvent.click(dialog.getByRole('button', { name: 'Create channel' }));

    expect(await dialog.findByText('a channel named "ops hook" exists')).toBeInTheDocument();
    expect(dialog.getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('clears a stored optional secret and sends no untouched secret', async () => {
    const { client } = renderAdmin('/notifications', {
      permissions: writer,
      handlers: handlers({
        UpdateNotificationChannel: { updateNotificationChannel: hook },
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit ops hook' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit ops hook' }));
    expect(dialog.getByLabelText(/^URL/)).toHaveValue('https://hooks.example.com/dbackup');
    const secret = dialog.getByLabelText(/^Signing secret/);
    expect(secret).toHaveValue('');
    expect(secret).toHaveAttribute('placeholder', 'stored — leave empty to keep');
    expect(secret).toHaveAttribute('data-secret-state', 'SET');
    const headers = dialog.getByLabelText(/^Extra headers/);
    expect(headers).toHaveAttribute('data-secret-state', 'UNSET');
    expect(headers).not.toHaveAttribute('placeholder');
    expect(dialog.queryByRole('button', { name: 'Clear the stored Extra headers' })).toBeNull();
    fireEvent.click(dialog.getByRole('button', { name: 'Clear the stored Signing secret' }));
    expect(secret).toHaveAttribute('placeholder', 'cleared when you save');
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(sent(client, 'UpdateNotificationChannel')).toHaveLength(1));
    expect(sent(client, 'UpdateNotificationChannel')[0]).toEqual({
      id: hook.id,
      input: {
        name: 'ops hook',
        settings: [{ name: 'url', value: 'https://hooks.example.com/dbackup' }],
        secrets: [{ name: 'secret', value: '' }],
        enabled: true,
        systemEvents: ['system.key_mismatch', 'restore.failure'],
      },
    });
  });

  it('does not ask again for the stored bot token of a Telegram channel', async () => {
    const { client } = renderAdmin('/notifications', {
      permissions: writer,
      handlers: handlers({ UpdateNotificationChannel: { updateNotificationChannel: chat } }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit oncall' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit oncall' }));
    const token = dialog.getByLabelText(/^Bot token/);
    expect(token).not.toBeRequired();
    expect(token).toHaveAttribute('placeholder', 'stored — leave empty to keep');
    expect(dialog.getByRole('switch', { name: /Enabled/ })).not.toBeChecked();
    fireEvent.click(dialog.getByRole('switch', { name: /Enabled/ }));
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(sent(client, 'UpdateNotificationChannel')).toHaveLength(1));
    expect(sent(client, 'UpdateNotificationChannel')[0]).toMatchObject({
      input: {
        secrets: [],
        enabled: true,
        settings: [
          { name: 'chat_id', value: '-100123' },
          { name: 'silent', value: 'false' },
        ],
      },
    });
  });

  it('shows a stored secret sealed under another key as destinations do', async () => {
    renderAdmin('/notifications', {
      permissions: writer,
      handlers: handlers({
        UpdateNotificationChannel: serverError('stored secrets are sealed with another key', {
          code: 'ENCRYPTION_KEY_MISMATCH',
        }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Edit oncall' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit oncall' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent('Stored secrets are sealed with another key');
  });

  it('flags a secret the loaded key cannot open and asks for it again before saving', async () => {
    const fixed = { ...sealed, secrets: secrets({ bot_token: 'SET' }) };
    const { client } = renderAdmin('/notifications', {
      permissions: writer,
      handlers: handlers({
        NotificationChannelList: { notificationChannels: connection('NotificationChannel', [sealed]) },
        UpdateNotificationChannel: { updateNotificationChannel: fixed },
      }),
    });

    const badge = await screen.findByTestId('undecryptable-secret');
    expect(badge).toHaveTextContent('Bot token cannot be decrypted');
    fireEvent.click(screen.getByRole('button', { name: 'Re-enter the Bot token of pager' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit pager' }));
    const token = dialog.getByLabelText(/^Bot token/);
    expect(token).toBeRequired();
    expect(token).toHaveAttribute('data-secret-state', 'UNDECRYPTABLE');
    expect(token).toHaveAttribute('placeholder', 're-enter the value');
    expect(dialog.getByText('cannot be decrypted — re-enter')).toBeInTheDocument();

    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));
    expect(await dialog.findByText('Bot token is required')).toBeInTheDocument();
    expect(sent(client, 'UpdateNotificationChannel')).toHaveLength(0);

    type(dialog, /^Bot token/, '123:abc');
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sent(client, 'UpdateNotificationChannel')).toHaveLength(1));
    expect(sent(client, 'UpdateNotificationChannel')[0]).toMatchObject({
      id: sealed.id,
      input: { secrets: [{ name: 'bot_token', value: '123:abc' }] },
    });
  });

  it('sends a test and shows Sent, or the reason it failed', async () => {
    let answer = delivery('3', hook);
    const { client } = renderAdmin('/notifications', {
      permissions: writer,
      handlers: handlers({ SendTestNotification: () => ({ sendTestNotification: answer }) }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Send a test to ops hook' }));
    const row = within(await screen.findByRole('cell', { name: 'Test message to ops hook' }));
    expect(row.getByText('Sent ✓')).toBeInTheDocument();
    expect(sent(client, 'SendTestNotification')).toEqual([{ id: hook.id }]);

    answer = delivery('4', hook, {
      status: 'FAILED',
      error: 'webhook answered 500 Internal Server Error',
      sentAt: null,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send a test to ops hook' }));
    const again = within(await screen.findByRole('cell', { name: 'Test message to ops hook' }));
    expect(await again.findByText('Sending failed')).toBeInTheDocument();
    expect(again.getByText('webhook answered 500 Internal Server Error')).toBeInTheDocument();
  });

  it('explains a test that cannot open the channel’s secrets', async () => {
    renderAdmin('/notifications', {
      permissions: writer,
      handlers: handlers({
        SendTestNotification: serverError('sealed with another key', { code: 'ENCRYPTION_KEY_MISMATCH' }),
      }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Send a test to oncall' }));
    const row = within(await screen.findByRole('cell', { name: 'Test message to oncall' }));
    expect(row.getByText('Stored secrets are sealed with another key')).toBeInTheDocument();
  });

  it('deletes a channel after a confirmation that names it', async () => {
    const { client } = renderAdmin('/notifications', {
      permissions: writer,
      handlers: handlers({ DeleteNotificationChannel: { deleteNotificationChannel: hook.id } }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Delete ops hook' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete channel ops hook?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Delete ops hook' }));
    await waitFor(() => expect(sent(client, 'DeleteNotificationChannel')).toEqual([{ id: hook.id }]));
  });

  it('hides the actions from a viewer without notifications:write', async () => {
    renderAdmin('/notifications', { permissions: ['notifications:read'], handlers: handlers() });
    await screen.findByRole('table', { name: 'Channels' });
    expect(screen.queryByRole('button', { name: 'Add channel' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Send a test to ops hook' })).toBeNull();
  });
});
