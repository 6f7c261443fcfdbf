import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { listLimit } from '../lists';
import { apiKey, catalog, connection } from '../test/fixtures';
import { type Handler, renderAdmin, sent, serverError, viewerId } from '../test/fakeServer';
import { cells, type } from '../test/interact';

const own = ['apikeys:read', 'apikeys:write', 'jobs:read', 'jobs:run'];
const secret = 'dbk_ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRST';

const ci = apiKey({ name: 'ci', createTime: '2026-02-01T00:00:00Z', lastUsedAt: '2026-02-03T08:00:00Z' });
const old = apiKey({
  name: 'old',
  prefix: 'dbk_OLD1',
  createTime: '2025-01-01T00:00:00Z',
  revokedAt: '2025-06-01T00:00:00Z',
});
const lapsed = apiKey({
  name: 'lapsed',
  prefix: 'dbk_LAPS',
  createTime: '2025-06-01T00:00:00Z',
  expiresAt: '2025-07-01T00:00:00Z',
});

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    APIKeyList: { apiKeys: connection('APIKey', [old, lapsed, ci]) },
    PermissionCatalog: { permissions: catalog },
    ...extra,
  };
}

async function openNewKey() {
  fireEvent.click(await screen.findByRole('button', { name: 'New API key' }));
  const dialog = within(await screen.findByRole('dialog', { name: 'New API key' }));
  await dialog.findByRole('group', { name: 'jobs' });
  return dialog;
}

describe('APIKeysPage', () => {
  it("lists the viewer's keys newest first with their state", async () => {
    const { client } = renderAdmin('/api-keys', { permissions: own, handlers: handlers() });

    await screen.findByRole('table', { name: 'API keys' });
    expect(sent(client, 'APIKeyList')[0]).toEqual({ owner: viewerId, first: listLimit });
    const rows = cells('API keys');
    expect(rows.map((r) => [r[0], r[1], r[2], r[5]])).toEqual([
      ['ci', 'dbk_ABCD', 'jobs:run', 'Active'],
      ['lapsed', 'dbk_LAPS', 'jobs:run', 'Expired'],
      ['old', 'dbk_OLD1', 'jobs:run', 'Revoked'],
    ]);
    expect(rows[0]?.[3]).toBe('never');
    expect(rows[0]?.[4]).toMatch(/2026/);
    expect(screen.getByRole('button', { name: 'Revoke ci' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Revoke old' })).toBeNull();
  });

  it('offers no changes to a viewer without apikeys:write', async () => {
    renderAdmin('/api-keys', { permissions: ['apikeys:read'], handlers: handlers() });

    await screen.findByRole('table', { name: 'API keys' });
    expect(screen.queryByRole('button', { name: 'New API key' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Revoke/ })).toBeNull();
  });

  it("offers only the viewer's own permissions as scopes", async () => {
    renderAdmin('/api-keys', { permissions: own, handlers: handlers() });
    const dialog = await openNewKey();

    // jobs:read and jobs:run, apikeys:read and apikeys:write, each area with its toggle.
    expect(dialog.getAllByRole('checkbox')).toHaveLength(6);
    expect(dialog.getByRole('checkbox', { name: /^jobs:run/ })).toBeInTheDocument();
    expect(dialog.queryByRole('checkbox', { name: /^jobs:write/ })).toBeNull();
    expect(dialog.queryByRole('group', { name: 'users' })).toBeNull();
  });

  it('creates a key and shows it once, with a button that copies it', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const created = apiKey({ name: 'backup script', scopes: ['jobs:read', 'jobs:run'] });
    const { client } = renderAdmin('/api-keys', {
      permissions: own,
      handlers: handlers({
        CreateAPIKey: { createAPIKey: { __typename: 'CreateAPIKeyPayload', key: secret, apiKey: created } },
      }),
    });
    const dialog = await openNewKey();

    type(dialog, /^Name/, 'backup script');
    fireEvent.click(dialog.getByRole('checkbox', { name: 'All of jobs' }));
    const listsBefore = sent(client, 'APIKeyList').length;
    fireEvent.click(dialog.getByRole('button', { name: 'Create key' }));

    const shown = within(await screen.findByRole('dialog', { name: 'API key backup script created' }));
    expect(sent(client, 'CreateAPIKey')).toEqual([
      { input: { name: 'backup script', scopes: ['jobs:read', 'jobs:run'] } },
    ]);
    expect(shown.getByTestId('new-api-key')).toHaveTextContent(secret);
    expect(shown.getByText(/This key will not be shown again/)).toBeInTheDocument();
    fireEvent.click(shown.getByRole('button', { name: 'Copy key' }));
    expect(writeText).toHaveBeenCalledWith(secret);
    expect(sent(client, 'APIKeyList').length).toBeGreaterThan(listsBefore);

    fireEvent.click(shown.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByText(secret)).toBeNull();
    vi.unstubAllGlobals();
  });

  it('asks for a name and a scope before sending, and shows a scope the owner lacks next to the scopes', async () => {
    const { client } = renderAdmin('/api-keys', {
      permissions: own,
      handlers: handlers({
        CreateAPIKey: serverError('scope jobs:run exceeds your permissions', { code: 'SCOPE_EXCEEDS_OWNER' }),
      }),
    });
    const dialog = await openNewKey();

    fireEvent.click(dialog.getByRole('button', { name: 'Create key' }));
    expect(await dialog.findByText('Use 1 to 100 characters')).toBeInTheDocument();
    expect(dialog.getByText('Choose at least one scope')).toBeInTheDocument();
    expect(client.executeMutation).not.toHaveBeenCalled();

    type(dialog, /^Name/, 'ci');
    fireEvent.click(dialog.getByRole('checkbox', { name: /^jobs:run/ }));
    fireEvent.click(dialog.getByRole('button', { name: 'Create key' }));
    expect(await dialog.findByText('scope jobs:run exceeds your permissions')).toBeInTheDocument();
    expect(dialog.queryByRole('alert')).toBeNull();
  });

  it('revokes a key after confirmation', async () => {
    const { client } = renderAdmin('/api-keys', {
      permissions: own,
      handlers: handlers({ RevokeAPIKey: { revokeAPIKey: { ...ci, revokedAt: '2026-03-01T00:00:00Z' } } }),
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Revoke ci' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Revoke API key ci?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Revoke ci' }));

    await waitFor(() => expect(sent(client, 'RevokeAPIKey')).toEqual([{ id: ci.id }]));
    expect(await screen.findByText('API key revoked')).toBeInTheDocument();
  });
});
