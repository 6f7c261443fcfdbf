import { expect, test } from './fixtures';

test('the shell shows live status, navigates, serves deep links and the playground', async ({
  page,
  request,
  server,
}) => {
  // Everything the pages load must come from this server: the SPA and GraphiQL work offline.
  const foreign: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(server.url) && !/^(data|blob):/.test(url)) foreign.push(url);
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(`${msg.text()} at ${msg.location().url}`);
  });

  const answer = await request.post('/graphql', { data: { query: '{ systemStatus { version } }' } });
  expect(answer.status()).toBe(200);
  const version: string = (await answer.json()).data.systemStatus.version;
  expect(version).not.toBe('');

  await test.step('the dashboard shows the live system status', async () => {
    await page.goto('/');
    const banner = page.getByRole('banner');
    await expect(banner.getByText('DBackup', { exact: true })).toBeVisible();
    await expect(banner.getByTestId('connection-status')).toHaveText('Live');
    await expect(banner.getByTestId('server-version')).toHaveText(version);
    const main = page.getByRole('main');
    await expect(main.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    await expect(main.getByRole('group', { name: 'Version' })).toContainText(version);
    const database = main.getByRole('group', { name: 'Configuration database' });
    await expect(database).toContainText('SQLite');
    await expect(database).toContainText('Reachable');
  });

  await test.step('the navigation opens Sources', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sources' }).click();
    await expect(page).toHaveURL(`${server.url}/sources`);
    await expect(page.getByRole('main').getByRole('heading', { name: 'Sources' })).toBeVisible();
  });

  await test.step('a deep link loads from the server', async () => {
    await page.goto('/settings');
    await page.reload();
    await expect(page.getByRole('main').getByRole('heading', { name: 'Settings' })).toBeVisible();
    await expect(page.getByTestId('connection-status')).toHaveText('Live');
  });

  await test.step('the playground renders GraphiQL and runs a query', async () => {
    await page.goto('/playground');
    await expect(page.locator('.graphiql-container')).toBeVisible();
    // Monaco fills the editor asynchronously; running before that would send nothing.
    await expect(page.locator('.graphiql-query-editor')).toContainText('systemStatus');
    await page.getByRole('button', { name: /execute query/i }).click();
    await expect(page.locator('.result-window')).toContainText('"dialect": "SQLITE"');
  });

  expect(pageErrors).toEqual([]);
  expect(foreign).toEqual([]);
});
