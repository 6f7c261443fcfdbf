import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as plain, type Locator, type Page } from '@playwright/test';
import { admin, graphql, login, setupAdmin, signOut } from './auth';
import { expect, test } from './fixtures';
import { type OIDCConfig, type OIDCProvider, startOIDCOP } from './oidcop';
import { freePort, randomKey, type Server, startServer } from './server';

/** client is DBackup's client at the test provider; any DBackup on the loopback may use it. */
const client = { id: 'dbackup', secret: 'e2e oidc client secret', redirectURIPrefixes: ['http://127.0.0.1:'] };

/** oscar is a person at the provider whose "ops" group maps to DBackup's Operators group. */
const oscar = {
  username: 'oscar',
  password: 'oscar at the provider',
  subject: 'sub-oscar',
  email: 'oscar@example.com',
  emailVerified: true,
  name: 'Oscar Ops',
  groups: ['ops'],
};

const opConfig: OIDCConfig = { clients: [client], users: [oscar] };

/** providerName is the provider's name in DBackup, and so on its sign-in button. */
const providerName = 'Test OP';

/** pick opens the select labelled label in scope and chooses option from its own dropdown. */
async function pick(page: Page, scope: Locator, label: string, option: string) {
  const input = scope.getByRole('combobox', { name: label, exact: true });
  await input.click();
  const listbox = page.locator(`[id="${await input.getAttribute('aria-controls')}"]`);
  await listbox.getByRole('option', { name: option, exact: true }).click();
}

/** signInAtProvider fills the test provider's own sign-in form, which the browser was sent to. */
async function signInAtProvider(page: Page, op: OIDCProvider, user: { username: string; password: string }) {
  await expect(page).toHaveURL(new RegExp(`^${op.issuer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`));
  await page.locator('input[name="username"]').fill(user.username);
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an admin adds an OpenID provider, and a person signs in with it as a member of the mapped group', async ({
  page,
  server,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const op = await startOIDCOP(opConfig);
  test.info().annotations.push({ type: 'oidcop', description: op.issuer });
  try {
    const main = page.getByRole('main');

    await test.step('the admin sets up DBackup and seeds the Operators group through the API', async () => {
      await setupAdmin(page);
      const res = await graphql(page, 'mutation($input: CreateGroupInput!) { createGroup(input: $input) { id } }', {
        input: { name: 'Operators', description: 'Sees the jobs', permissions: ['jobs:read'] },
      });
      expect((await res.json()).errors).toBeUndefined();
    });

    await test.step('the admin adds the provider under Settings, Single sign-on', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await main.getByRole('tab', { name: 'Single sign-on' }).click();
      await expect(main.getByText('No providers yet.', { exact: false })).toBeVisible();
      await main.getByRole('button', { name: 'New provider' }).click();

      const dialog = page.getByRole('dialog', { name: 'New provider' });
      await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(providerName);
      await dialog.getByRole('textbox', { name: 'Issuer URL', exact: true }).fill(op.issuer);
      await dialog.getByRole('button', { name: 'Check discovery' }).click();
      await expect(dialog.getByTestId('discovery-result')).toContainText('Discovery works');
      await dialog.getByRole('textbox', { name: 'Client ID', exact: true }).fill(client.id);
      await dialog.getByLabel('Client secret', { exact: true }).fill(client.secret);
      await dialog.getByRole('switch', { name: /Create accounts at the first sign-in/ }).check({ force: true });
      await dialog.getByRole('textbox', { name: 'Groups claim', exact: true }).fill('groups');
      await dialog.getByRole('button', { name: 'Add mapping' }).click();
      await dialog.getByRole('textbox', { name: 'Claim value of mapping 1' }).fill('ops');
      await pick(page, dialog, 'DBackup group of mapping 1', 'Operators');
      await dialog.getByRole('button', { name: 'Create provider' }).click();

      // The form stays open to show the redirect URI, which exists only once the provider does.
      const created = page.getByRole('dialog', { name: `Edit ${providerName}` });
      await expect(created.getByText(`${providerName} is created`)).toBeVisible();
      await expect(created.getByRole('textbox', { name: 'Redirect URI' })).toHaveValue(
        new RegExp(`^${server.url}/auth/oidc/[^/]+/callback$`),
      );
      await created.getByRole('button', { name: 'Close' }).click();
      await expect(created).toBeHidden();
      const row = main.getByRole('table', { name: 'Providers' }).getByRole('row', { name: new RegExp(providerName) });
      await expect(row).toContainText(op.issuer);
      await expect(row).toContainText('Stored');
    });

    await test.step('after the admin signs out, oscar signs in at the provider', async () => {
      await signOut(page);
      await page.getByRole('link', { name: `Sign in with ${providerName}` }).click();
      await signInAtProvider(page, op, oscar);
      await expect(page).toHaveURL(`${server.url}/`);
      await expect(
        page.getByRole('banner').getByRole('button', { name: `Account menu of ${oscar.username}` }),
      ).toBeVisible();
    });

    await test.step('the navigation offers oscar only what the Operators group may see', async () => {
      const nav = page.getByRole('navigation', { name: 'Main' });
      await expect(nav.getByRole('link', { name: 'Jobs' })).toBeVisible();
      for (const hidden of ['Users', 'Settings', 'Vault', 'Sources']) {
        await expect(nav.getByRole('link', { name: hidden })).toHaveCount(0);
      }
      await nav.getByRole('link', { name: 'Jobs' }).click();
      await expect(main.getByRole('heading', { name: 'Jobs' })).toBeVisible();
    });
  } finally {
    await op.stop();
  }
  expect(pageErrors).toEqual([]);
});

const createProvider = `mutation($input: SSOProviderInput!) { createSSOProvider(input: $input) { id } }`;

plain(
  'a provider saved under another ENCRYPTION_KEY explains itself on the sign-in page, and the password still works',
  async ({ browser }) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dbackup-e2e-sso-key-'));
    const port = await freePort();
    const op = await startOIDCOP(opConfig);
    let server: Server | undefined;
    try {
      server = await startServer({ dataDir, port, key: randomKey() });
      const context = await browser.newContext({ baseURL: server.url });
      const page = await context.newPage();

      await plain.step('the admin saves the provider while the first key is loaded', async () => {
        await setupAdmin(page);
        const res = await graphql(page, createProvider, {
          input: { name: providerName, issuerURL: op.issuer, clientID: client.id, clientSecret: client.secret },
        });
        expect((await res.json()).errors).toBeUndefined();
      });

      await plain.step('DBackup restarts with another key', async () => {
        await server!.stop();
        server = await startServer({ dataDir, port, key: randomKey() });
        await context.clearCookies();
      });

      await plain.step('the provider’s button leads back to the sign-in page, which says why', async () => {
        await page.goto('/login');
        await page.getByRole('link', { name: `Sign in with ${providerName}` }).click();
        await expect(page).toHaveURL((url) => url.pathname === '/login');
        expect(new URL(page.url()).searchParams.get('ssoError')).toBe('ENCRYPTION_KEY_MISMATCH');
        const alert = page.getByRole('alert').filter({ hasText: `Sign-in with ${providerName} failed` });
        await expect(alert).toContainText('different ENCRYPTION_KEY');
        await expect(alert).toContainText('Signing in with a password still works.');
      });

      await plain.step('the admin signs in with the password', async () => {
        await login(page, admin);
      });
      await context.close();
    } catch (err) {
      if (server) console.log(`--- dbackup output ---\n${server.log()}`);
      throw err;
    } finally {
      await server?.stop();
      await op.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
);
