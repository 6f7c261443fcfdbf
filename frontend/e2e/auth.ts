import { type APIResponse, type Page, expect } from '@playwright/test';

/** Account is a username with its password, for the specs to sign in with. */
export interface Account {
  username: string;
  password: string;
}

/** admin is the first administrator that setupAdmin creates; its password meets the 12-character rule. */
export const admin: Account = { username: 'admin', password: 'e2e admin passphrase' };

/** signedIn waits until the app shows its layout, which it does only to a signed-in viewer. */
async function signedIn(page: Page) {
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('button', { name: /^Account menu of / })).toBeVisible();
}

/**
 * setupAdmin creates the first administrator through the setup wizard of a fresh server and
 * resolves once the app has signed in as them and shows the dashboard.
 */
export async function setupAdmin(page: Page, account: Account = admin): Promise<Account> {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Set up DBackup' })).toBeVisible();
  await page.getByLabel(/^Username/).fill(account.username);
  await page.getByLabel(/^Password/).fill(account.password);
  await page.getByLabel(/^Confirm password/).fill(account.password);
  await page.getByRole('button', { name: 'Create administrator and sign in' }).click();
  await expect(page).toHaveURL(/:\d+\/$/);
  await signedIn(page);
  await expect(page.getByRole('main').getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  return account;
}

/**
 * login signs in on the sign-in page and resolves once the app shows the page it returned to:
 * the dashboard, or next when given. totpCode answers the second step of an account with
 * two-factor authentication.
 */
export async function login(page: Page, account: Account = admin, options: { next?: string; totpCode?: string } = {}) {
  const next = options.next ?? '/';
  await page.goto(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/^Username/).fill(account.username);
  await page.getByLabel(/^Password/).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (options.totpCode) {
    await page.getByLabel('Authentication code').first().fill(options.totpCode);
    await page.getByRole('button', { name: 'Verify' }).click();
  }
  await expect(page).toHaveURL(new RegExp(`:\\d+${next.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  await signedIn(page);
}

/** signOut signs out through the user menu and resolves on the sign-in page. */
export async function signOut(page: Page) {
  await page
    .getByRole('banner')
    .getByRole('button', { name: /^Account menu of / })
    .click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/**
 * graphql runs an operation as the page's signed-in user, for seeding data through the API:
 * page.request shares the page's cookies, and cookie requests must carry the CSRF header.
 */
export async function graphql(page: Page, query: string, variables: object = {}): Promise<APIResponse> {
  return page.request.post('/graphql', { data: { query, variables }, headers: { 'X-DBackup-CSRF': '1' } });
}
