import type { Locator, Page, Request } from '@playwright/test';
import { setupAdmin } from './auth';
import { expect, test } from './fixtures';
import { accepts, type S3Server, startVersitygw, versitygwMissing } from './versitygw';

/**
 * postgres is the PostgreSQL the journey adds as a source: PG_TEST_URL as the Go tests use it, or
 * the local server, which lets postgres in without a password (trust).
 */
const postgres = new URL(process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const postgresPort = Number(postgres.port || 5432);

/**
 * prerequisites says what the journey needs and lacks. Under CI a missing one fails the run: a
 * skipped journey proves nothing. Elsewhere the spec skips with the reason.
 */
async function prerequisites(): Promise<string | undefined> {
  const missing = versitygwMissing();
  if (missing) return missing;
  if (!(await accepts(postgresPort, postgres.hostname))) {
    return `no PostgreSQL accepts connections on ${postgres.hostname}:${postgresPort}`;
  }
  return undefined;
}

/** pick opens the select labelled label in scope and chooses option from its dropdown. */
async function pick(page: Page, scope: Locator, label: string, option: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** sentVariables are the variables of a /graphql request, as the SPA sent them. */
function sentVariables(request: Request): Record<string, unknown> {
  return (request.postDataJSON() as { variables?: Record<string, unknown> }).variables ?? {};
}

function operation(page: Page, name: string): Promise<Request> {
  return page.waitForRequest(
    (req) =>
      req.url().endsWith('/graphql') && (req.postDataJSON() as { operationName?: string })?.operationName === name,
  );
}

test('an admin adds a PostgreSQL source and an S3 destination through their forms and tests both', async ({ page }) => {
  // A missing S3 server fails the spec, in CI and locally alike: a skip would hide it.
  const missing = await prerequisites();
  if (missing) throw new Error(missing);

  const s3: S3Server = await startVersitygw();
  test.info().annotations.push({ type: 'versitygw', description: s3.endpoint });
  try {
    await journey(page, s3);
  } finally {
    await s3.stop();
  }
});

async function journey(page: Page, s3: S3Server) {
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const main = page.getByRole('main');
  const nav = page.getByRole('navigation', { name: 'Main' });

  await test.step('the setup wizard creates the first admin', async () => {
    await setupAdmin(page);
  });

  await test.step('a PostgreSQL source is drawn from its engine spec and its connection test lists the server', async () => {
    await nav.getByRole('link', { name: 'Sources' }).click();
    await main.getByRole('button', { name: 'New source' }).click();
    const dialog = page.getByRole('dialog', { name: 'New source' });
    await pick(page, dialog, 'Engine', 'PostgreSQL');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('local postgres');
    await dialog.getByRole('textbox', { name: 'Host', exact: true }).fill(postgres.hostname);
    await expect(dialog.getByRole('textbox', { name: 'Port', exact: true })).toHaveValue('5432');
    await dialog.getByRole('textbox', { name: 'Port', exact: true }).fill(String(postgresPort));
    await dialog.getByRole('textbox', { name: 'Username', exact: true }).fill(decodeURIComponent(postgres.username));
    if (postgres.password) await dialog.getByLabel(/^Password/).fill(decodeURIComponent(postgres.password));
    await dialog.getByRole('textbox', { name: 'Database', exact: true }).fill(postgres.pathname.slice(1) || 'postgres');
    await pick(page, dialog, 'TLS', 'disable');

    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const result = dialog.getByRole('region', { name: 'Connection test' });
    await expect(result.getByText('Connection OK')).toBeVisible();
    await expect(result.getByTestId('server-version')).toContainText('PostgreSQL');
    await expect(result.getByRole('table', { name: 'Databases' })).toContainText('postgres');

    await dialog.getByRole('button', { name: 'Create source' }).click();
    await expect(dialog).toBeHidden();
    const row = main.getByRole('table', { name: 'Sources' }).getByRole('row', { name: /local postgres/ });
    await expect(row).toContainText(`${postgres.hostname}:${postgresPort}`);
  });

  const destinations = main.getByRole('table', { name: 'Destinations' });

  await test.step('an S3 destination on versitygw with path-style addressing tests OK', async () => {
    await nav.getByRole('link', { name: 'Destinations' }).click();
    await main.getByRole('button', { name: 'New destination' }).click();
    const dialog = page.getByRole('dialog', { name: 'New destination' });
    await pick(page, dialog, 'Kind', 'S3-compatible bucket');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('versity');
    await dialog.getByRole('textbox', { name: 'Endpoint', exact: true }).fill(s3.endpoint);
    await dialog.getByRole('textbox', { name: 'Region', exact: true }).fill(s3.region);
    await dialog.getByRole('textbox', { name: 'Bucket', exact: true }).fill(s3.bucket);
    await dialog.getByRole('textbox', { name: 'Prefix', exact: true }).fill('first');
    await dialog.getByRole('switch', { name: 'Path-style addressing' }).click();
    await expect(dialog.getByRole('switch', { name: 'Path-style addressing' })).toBeChecked();
    await dialog.getByRole('textbox', { name: 'Access key ID', exact: true }).fill(s3.accessKey);
    await dialog.getByLabel(/^Secret access key/).fill(s3.secretKey);

    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(dialog.getByRole('region', { name: 'Connection test' }).getByText('Connection OK')).toBeVisible();

    await dialog.getByRole('button', { name: 'Create destination' }).click();
    await expect(dialog).toBeHidden();
    const row = destinations.getByRole('row', { name: /versity/ });
    await expect(row).toContainText(`${s3.endpoint}/${s3.bucket}/first`);
    await expect(row).toContainText('Secret access key');
  });

  await test.step('changing only the prefix keeps the stored secret key, and the saved destination still tests OK', async () => {
    await destinations.getByRole('button', { name: 'Edit versity' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit versity' });
    const secret = dialog.getByLabel(/^Secret access key/);
    await expect(secret).toHaveValue('');
    await expect(secret).toHaveAttribute('placeholder', 'stored — leave empty to keep');
    await dialog.getByRole('textbox', { name: 'Prefix', exact: true }).fill('second');

    const update = operation(page, 'UpdateDestination');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const input = sentVariables(await update).input as { secrets: unknown[]; settings: unknown[] };
    expect(input.secrets).toEqual([]);
    expect(input.settings).toContainEqual({ name: 'prefix', value: 'second' });
    await expect(dialog).toBeHidden();
    await expect(destinations.getByRole('row', { name: /versity/ })).toContainText(`${s3.bucket}/second`);

    await destinations.getByRole('button', { name: 'Test versity' }).click();
    const result = destinations.getByRole('cell', { name: 'Connection test of versity' });
    await expect(result.getByText('Connection OK')).toBeVisible();
    await expect(result).toContainText(/written, read back and deleted in \d/);
  });

  await test.step('a wrong secret key typed into the edit form fails the test with "Authentication failed"', async () => {
    await destinations.getByRole('button', { name: 'Edit versity' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit versity' });
    await dialog.getByLabel(/^Secret access key/).fill('not the secret key');

    const tested = operation(page, 'TestDestination');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const variables = sentVariables(await tested);
    expect(variables.id).toMatch(/^dst_/);
    expect((variables.input as { secrets: unknown[] }).secrets).toEqual([
      { name: 'secret_access_key', value: 'not the secret key' },
    ]);
    const failure = dialog.getByTestId('test-error');
    await expect(failure.getByText('Authentication failed', { exact: true })).toBeVisible();
    await expect(failure).toContainText(/SignatureDoesNotMatch|access key/);
    await expect(failure).toContainText('AUTH_FAILED');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  });

  expect(pageErrors).toEqual([]);
}
