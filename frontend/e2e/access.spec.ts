import type { Page, Response } from '@playwright/test';
import { type Account, login, setupAdmin, signOut } from './auth';
import { expect, test } from './fixtures';

/** operator is the user the admin creates; only the Operators group gives her permissions. */
const operator: Account = { username: 'olivia', password: 'olivia e2e passphrase' };

/** operatorPermissions are all that the admin ticks for the Operators group. */
const operatorPermissions = ['sources:read', 'jobs:read', 'jobs:run'];

/** hiddenSections are the navigation entries that need a permission Operators do not hold. */
const hiddenSections = ['Destinations', 'Storage', 'Vault', 'Users', 'API keys', 'Audit', 'Settings'];

/** GraphQLAnswer is the JSON body of a /graphql response. */
interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; permission?: string } }[];
}

/**
 * answerTo resolves with the JSON of the next /graphql response to the operation named
 * operation, so a step can wait for the server's answer rather than for time to pass.
 */
function answerTo(page: Page, operation: string): Promise<GraphQLAnswer> {
  const isOperation = (res: Response) => {
    if (!res.url().endsWith('/graphql') || res.request().method() !== 'POST') return false;
    const body = res.request().postDataJSON() as { operationName?: string } | null;
    return body?.operationName === operation;
  };
  return page.waitForResponse(isOperation).then((res) => res.json() as Promise<GraphQLAnswer>);
}

/**
 * graphqlInPage runs query with the page's own fetch, as the SPA does: the session cookie goes
 * along by itself and the CSRF header marks the request as the app's.
 */
function graphqlInPage(page: Page, query: string): Promise<GraphQLAnswer> {
  return page.evaluate(async (q) => {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-DBackup-CSRF': '1' },
      body: JSON.stringify({ query: q }),
    });
    return (await res.json()) as GraphQLAnswer;
  }, query);
}

test('an admin grants a group a few permissions, and its member sees and may do only that', async ({
  page,
  server,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));

  await test.step('the setup wizard creates the first admin and signs them in', async () => {
    await setupAdmin(page);
  });

  const main = page.getByRole('main');

  await test.step('the admin creates the Operators group with only a few permissions', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await expect(page).toHaveURL(`${server.url}/users`);
    await main.getByRole('tab', { name: 'Groups' }).click();
    await expect(page).toHaveURL(`${server.url}/users/groups`);
    await expect(main.getByRole('heading', { name: 'Groups' })).toBeVisible();

    await main.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New group' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Operators');
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Watch sources and run jobs');
    // The picker loads its permissions from the server; every one starts unticked.
    const sourcesRead = dialog.getByRole('checkbox', { name: 'sources:read', exact: true });
    await expect(sourcesRead).not.toBeChecked();
    for (const permission of operatorPermissions) {
      await dialog.getByRole('checkbox', { name: permission, exact: true }).check();
    }
    // Part of an area is not all of it: jobs:write and sources:write stay unticked.
    await expect(dialog.getByRole('checkbox', { name: 'All of jobs' })).toBeChecked({ indeterminate: true });
    await expect(dialog.getByRole('checkbox', { name: 'All of sources' })).toBeChecked({ indeterminate: true });
    const ticked = dialog.getByRole('checkbox', { checked: true });
    await expect(ticked).toHaveCount(operatorPermissions.length);

    const created = answerTo(page, 'CreateGroup');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    const answer = await created;
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.createGroup).toMatchObject({ name: 'Operators', permissions: operatorPermissions });
    await expect(dialog).toBeHidden();
    await expect(main.getByRole('table', { name: 'Groups' }).getByRole('row', { name: /Operators/ })).toBeVisible();
  });

  await test.step('the admin creates olivia in the Operators group', async () => {
    await main.getByRole('tab', { name: 'Users' }).click();
    await expect(page).toHaveURL(`${server.url}/users`);
    await main.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByRole('textbox', { name: 'Username' }).fill(operator.username);
    await dialog.getByRole('textbox', { name: 'Password' }).fill(operator.password);
    await dialog.getByRole('textbox', { name: 'Display name' }).fill('Olivia Operator');
    await dialog.getByRole('combobox', { name: 'Groups' }).click();
    await page.getByRole('option', { name: 'Operators', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeVisible();

    const created = answerTo(page, 'CreateUser');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    const answer = await created;
    expect(answer.errors).toBeUndefined();
    await expect(dialog).toBeHidden();
    const row = main.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(operator.username) });
    await expect(row).toBeVisible();
    await expect(row).toContainText('Operators');
  });

  await test.step('olivia signs in after the admin signs out', async () => {
    await signOut(page);
    await login(page, operator);
    await expect(
      page.getByRole('banner').getByRole('button', { name: `Account menu of ${operator.username}` }),
    ).toBeVisible();
    await expect(main.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  });

  await test.step('the navigation offers olivia only the sections her group allows', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link')).toHaveText(['Dashboard', 'Sources', 'Jobs']);
    for (const label of hiddenSections) {
      await expect(nav.getByRole('link', { name: label })).toHaveCount(0);
    }
    await nav.getByRole('link', { name: 'Jobs' }).click();
    await expect(page).toHaveURL(`${server.url}/jobs`);
    await expect(main.getByRole('heading', { name: 'Jobs' })).toBeVisible();
    await expect(page.getByTestId('permission-denied')).toHaveCount(0);
  });

  await test.step('typed addresses of other sections name the permission she lacks', async () => {
    for (const [path, what, permission] of [
      ['/users', 'Users', 'users:read'],
      ['/vault', 'Vault', 'vault:read'],
    ] as const) {
      await page.goto(path);
      const denied = page.getByTestId('permission-denied');
      await expect(denied.getByRole('heading', { name: `You cannot open ${what}` })).toBeVisible();
      await expect(denied.locator('code')).toHaveText(permission);
      await expect(denied.getByRole('link', { name: 'Go to the dashboard' })).toBeVisible();
    }
  });

  await test.step('the server refuses her the users list as well', async () => {
    const answer = await graphqlInPage(page, '{ users { totalCount } }');
    expect(answer.data?.users ?? null).toBeNull();
    expect(answer.errors?.map((e) => e.extensions)).toEqual([{ code: 'FORBIDDEN', permission: 'users:read' }]);
  });

  expect(pageErrors).toEqual([]);
});
