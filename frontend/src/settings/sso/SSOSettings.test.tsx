import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { type Handler, renderAdmin, sent, serverError } from '../../admin/test/fakeServer';
import { connection, operatorsGroup, adminsGroup } from '../../admin/test/fixtures';
import { cells, pick, type Scope, type } from '../../admin/test/interact';
import { loginOptions, presets, provider, secretStates } from './testFixtures';

const editor = ['settings:read', 'settings:write', 'sso:read', 'sso:write', 'groups:read'];

const keycloak = provider('Keycloak', {
  autoProvision: true,
  groupsClaim: 'groups',
  groupMapping: [{ __typename: 'SSOGroupMappingEntry', claimValue: 'ops', group: 'Operators' }],
});
const authentik = provider('Authentik', { enabled: false, secrets: secretStates('UNDECRYPTABLE') });

function handlers(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    SSOProviderList: { ssoProviders: connection('SSOProvider', [authentik, keycloak]) },
    SSOPresets: presets,
    LoginOptions: loginOptions(),
    GroupList: { groups: connection('Group', [adminsGroup, operatorsGroup]) },
    ...extra,
  };
}

const settings = '/settings?tab=sso';

/** pickIn chooses option in the select labelled label, among that select's own options only. */
async function pickIn(scope: Scope, label: string, option: string) {
  const input = scope.getByRole('combobox', { name: label });
  fireEvent.click(input);
  const listbox = await waitFor(() => {
    const id = input.getAttribute('aria-controls');
    const found = id && document.getElementById(id);
    if (!found) throw new Error(`the options of ${label} are not shown`);
    return found;
  });
  fireEvent.click(within(listbox).getByRole('option', { name: option, hidden: true }));
}

async function openNewProvider() {
  fireEvent.click(await screen.findByRole('button', { name: 'New provider' }));
  return within(await screen.findByRole('dialog', { name: 'New provider' }));
}

describe('SSOSettings', () => {
  it('lists the providers with the state of their client secret', async () => {
    renderAdmin(settings, { permissions: editor, handlers: handlers() });

    await screen.findByRole('table', { name: 'Providers' });
    expect(cells('Providers').map((row) => row.slice(0, 5))).toEqual([
      ['Authentik', 'https://authentik.example.com/realms/main', 'Off', 'Off', 'Cannot be decrypted'],
      ['Keycloak', 'https://keycloak.example.com/realms/main', 'On', 'On', 'Stored'],
    ]);
  });

  it('hides the actions from a viewer who may only read', async () => {
    renderAdmin(settings, { permissions: ['settings:read', 'sso:read'], handlers: handlers() });

    await screen.findByRole('table', { name: 'Providers' });
    expect(screen.queryByRole('button', { name: 'New provider' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit Keycloak' })).toBeNull();
    expect(await screen.findByRole('switch', { name: /Allow password sign-in for everyone/ })).toBeDisabled();
  });

  it('fills only the issuer, scopes and groups claim from a preset, and shows its help', async () => {
    renderAdmin(settings, { permissions: editor, handlers: handlers() });
    const dialog = await openNewProvider();
    type(dialog, /^Name/, 'Company SSO');

    await pick(dialog, 'Preset', 'Keycloak');

    expect(dialog.getByLabelText(/^Issuer URL/)).toHaveValue('https://<host>/realms/<realm>');
    expect(dialog.getByLabelText(/^Groups claim/)).toHaveValue('groups');
    expect(
      dialog.getByText('The issuer is the realm’s URL; create an OpenID Connect client in that realm.'),
    ).toBeVisible();
    expect(dialog.getByText('roles')).toBeInTheDocument();
    expect(dialog.getByLabelText(/^Name/)).toHaveValue('Company SSO');

    // The template's placeholders must be replaced before saving.
    type(dialog, /^Client ID/, 'dbackup');
    fireEvent.click(dialog.getByRole('button', { name: 'Create provider' }));
    expect(await dialog.findByText(/Replace the parts in angle brackets/)).toBeInTheDocument();
  });

  it('creates a provider with a group mapping, then shows its redirect URI', async () => {
    const created = provider('Company SSO', { issuerURL: 'https://id.example.com' });
    const { client } = renderAdmin(settings, {
      permissions: editor,
      handlers: handlers({ CreateSSOProvider: { createSSOProvider: created } }),
    });
    const dialog = await openNewProvider();
    type(dialog, /^Name/, 'Company SSO');
    type(dialog, /^Issuer URL/, 'https://id.example.com');
    type(dialog, /^Client ID/, 'dbackup');
    fireEvent.change(dialog.getByLabelText(/^Client secret/, { selector: 'input' }), { target: { value: 's3cret' } });
    fireEvent.click(dialog.getByRole('switch', { name: /Create accounts at the first sign-in/ }));
    type(dialog, /^Groups claim/, 'groups');
    fireEvent.click(dialog.getByRole('button', { name: 'Add mapping' }));
    type(dialog, 'Claim value of mapping 1', 'ops');
    await pickIn(dialog, 'DBackup group of mapping 1', 'Operators');
    fireEvent.click(dialog.getByRole('button', { name: 'Create provider' }));

    await waitFor(() => expect(sent(client, 'CreateSSOProvider')).toHaveLength(1));
    expect(sent(client, 'CreateSSOProvider')[0]).toEqual({
      input: {
        name: 'Company SSO',
        issuerURL: 'https://id.example.com',
        clientID: 'dbackup',
        clientSecret: 's3cret',
        scopes: ['email', 'profile'],
        allowedEmailDomains: [],
        autoProvision: true,
        linkByVerifiedEmail: false,
        groupsClaim: 'groups',
        groupMapping: [{ claimValue: 'ops', group: 'Operators' }],
        enabled: true,
      },
    });
    const edit = within(await screen.findByRole('dialog', { name: 'Edit Company SSO' }));
    expect(edit.getByText('Company SSO is created')).toBeInTheDocument();
    expect(edit.getByLabelText(/^Redirect URI/)).toHaveValue(
      'https://dbackup.example.com/auth/oidc/sso_company sso/callback',
    );
    expect(edit.getByRole('button', { name: 'Copy the redirect URI' })).toBeInTheDocument();
  });

  it('keeps a stored client secret when its input stays empty', async () => {
    const { client } = renderAdmin(settings, {
      permissions: editor,
      handlers: handlers({ UpdateSSOProvider: { updateSSOProvider: keycloak } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Keycloak' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit Keycloak' }));

    expect(dialog.getByText('A client secret is stored encrypted. Leave this empty to keep it.')).toBeInTheDocument();
    expect(dialog.getByLabelText(/^Client secret/, { selector: 'input' })).toHaveAttribute(
      'placeholder',
      'stored — leave empty to keep',
    );
    expect(dialog.getByLabelText('Claim value of mapping 1')).toHaveValue('ops');
    expect(dialog.queryByTestId('secret-undecryptable')).toBeNull();
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(sent(client, 'UpdateSSOProvider')).toHaveLength(1));
    const { id, input } = sent(client, 'UpdateSSOProvider')[0] as { id: string; input: Record<string, unknown> };
    expect(id).toBe('sso_keycloak');
    expect(input).not.toHaveProperty('clientSecret');
    expect(input).toMatchObject({ groupMapping: [{ claimValue: 'ops', group: 'Operators' }], defaultGroup: '' });
  });

  it('says plainly that a client secret sealed under another ENCRYPTION_KEY must be re-entered', async () => {
    renderAdmin(settings, { permissions: editor, handlers: handlers() });
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Authentik' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit Authentik' }));

    expect(dialog.getByTestId('secret-undecryptable')).toHaveTextContent(
      'cannot be decrypted with the current ENCRYPTION_KEY — re-enter it',
    );
    expect(dialog.getByLabelText(/^Client secret/, { selector: 'input' })).toHaveAttribute(
      'data-secret-state',
      'UNDECRYPTABLE',
    );
  });

  it('shows the server’s error under the field it is about', async () => {
    renderAdmin(settings, {
      permissions: editor,
      handlers: handlers({
        CreateSSOProvider: serverError('https://id.example.com could not be reached: connection refused', {
          code: 'PROVIDER_UNREACHABLE',
          field: 'issuerURL',
        }),
      }),
    });
    const dialog = await openNewProvider();
    type(dialog, /^Name/, 'Company SSO');
    type(dialog, /^Issuer URL/, 'https://id.example.com');
    type(dialog, /^Client ID/, 'dbackup');
    fireEvent.click(dialog.getByRole('button', { name: 'Create provider' }));

    expect(await dialog.findByText('https://id.example.com could not be reached: connection refused')).toBeVisible();
    expect(dialog.getByLabelText(/^Issuer URL/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('puts a key mismatch under the client secret', async () => {
    renderAdmin(settings, {
      permissions: editor,
      handlers: handlers({
        UpdateSSOProvider: serverError('the client secret cannot be decrypted', { code: 'ENCRYPTION_KEY_MISMATCH' }),
      }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Authentik' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Edit Authentik' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Save' }));

    expect(await dialog.findByText('the client secret cannot be decrypted')).toBeVisible();
    // Mantine's password input marks itself invalid with data-invalid and names the error in its description.
    expect(dialog.getByLabelText(/^Client secret/, { selector: 'input' })).toHaveAccessibleDescription(
      /^the client secret cannot be decrypted/,
    );
  });

  it('checks the issuer’s discovery document', async () => {
    const { client } = renderAdmin(settings, {
      permissions: editor,
      handlers: handlers({
        TestSSODiscovery: ({ issuerURL }) =>
          issuerURL === 'https://id.example.com'
            ? { testSSODiscovery: { __typename: 'SSODiscoveryResult', ok: true, code: null, message: null } }
            : {
                testSSODiscovery: {
                  __typename: 'SSODiscoveryResult',
                  ok: false,
                  code: 'DISCOVERY_INVALID',
                  message: 'the document names issuer https://other.example.com',
                },
              },
      }),
    });
    const dialog = await openNewProvider();
    type(dialog, /^Issuer URL/, 'https://id.example.com');
    fireEvent.click(dialog.getByRole('button', { name: 'Check discovery' }));
    expect(await dialog.findByText('Discovery works')).toBeInTheDocument();

    type(dialog, /^Issuer URL/, 'https://wrong.example.com');
    expect(dialog.queryByText('Discovery works')).toBeNull();
    fireEvent.click(dialog.getByRole('button', { name: 'Check discovery' }));
    expect(await dialog.findByText('The discovery document is not valid')).toBeInTheDocument();
    expect(dialog.getByText('the document names issuer https://other.example.com')).toBeInTheDocument();
    expect(sent(client, 'TestSSODiscovery')).toEqual([
      { issuerURL: 'https://id.example.com' },
      { issuerURL: 'https://wrong.example.com' },
    ]);
  });

  it('switches password sign-in for everyone off', async () => {
    const { client } = renderAdmin(settings, {
      permissions: editor,
      handlers: handlers({
        SetLocalLoginForEveryone: ({ enabled }) => ({
          setLocalLoginForEveryone: loginOptions({ localLoginForEveryone: enabled as boolean }).loginOptions,
        }),
      }),
    });
    const toggle = await screen.findByRole('switch', { name: /Allow password sign-in for everyone/ });
    expect(toggle).toBeChecked();
    expect(
      screen.getByText(/Administrators \(members of Admins\) can always sign in with their password/),
    ).toBeVisible();

    fireEvent.click(toggle);
    await waitFor(() => expect(sent(client, 'SetLocalLoginForEveryone')).toEqual([{ enabled: false }]));
  });

  it('deletes a provider after asking', async () => {
    const { client } = renderAdmin(settings, {
      permissions: editor,
      handlers: handlers({ DeleteSSOProvider: { deleteSSOProvider: 'sso_keycloak' } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Delete Keycloak' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete provider Keycloak?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Delete Keycloak' }));
    await waitFor(() => expect(sent(client, 'DeleteSSOProvider')).toEqual([{ id: 'sso_keycloak' }]));
  });
});
