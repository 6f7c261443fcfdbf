import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { graphql, setupAdmin } from './auth';
import { expect, test } from './fixtures';

/** sqlite3 is the SQLite shell that writes the database to back up. */
const sqlite3 = process.env.SQLITE3 ?? '/usr/bin/sqlite3';

/** runTimeoutMs bounds one backup of a tiny SQLite file, queue included. */
const runTimeoutMs = 30_000;

/** seed runs an operation as the signed-in admin and returns its data, failing with the server's errors. */
async function seed<T>(page: Page, query: string, variables: object = {}): Promise<T> {
  const res = await graphql(page, query, variables);
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!res.ok() || body.errors || !body.data) throw new Error(`${query.trim().split('\n')[0]}: ${JSON.stringify(body)}`);
  return body.data;
}

/** saved is the size of a finished download, which Playwright keeps in a temporary file. */
async function savedSize(download: Download): Promise<number> {
  const path = await download.path();
  return (await stat(path)).size;
}

test('an admin downloads a decrypted backup, shares a one-time link, saves a Recovery Kit and deletes the profile that retained backups need', async ({
  page,
  request,
}) => {
  if (!existsSync(sqlite3)) throw new Error(`the sqlite3 shell is missing at ${sqlite3}: apt-get install -y sqlite3`);
  const dir = await mkdtemp(join(tmpdir(), 'dbackup-e2e-storage-'));
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const main = page.getByRole('main');
  try {
    const database = join(dir, 'shop.db');
    const folder = join(dir, 'backups');
    execFileSync(sqlite3, [database, "CREATE TABLE items (name TEXT); INSERT INTO items VALUES ('apple');"]);
    await mkdir(folder);
    await setupAdmin(page);

    let jobId = '';
    await test.step('an encrypted backup is made through the API', async () => {
      const { createSource } = await seed<{ createSource: { id: string } }>(
        page,
        'mutation ($input: SourceInput!) { createSource(input: $input) { id } }',
        { input: { name: 'shop', engine: 'sqlite', settings: [{ name: 'database', value: database }] } },
      );
      const { createDestination } = await seed<{ createDestination: { id: string } }>(
        page,
        'mutation ($input: DestinationInput!) { createDestination(input: $input) { id } }',
        { input: { name: 'folder', kind: 'local', settings: [{ name: 'path', value: folder }] } },
      );
      const { createEncryptionProfile } = await seed<{ createEncryptionProfile: { id: string } }>(
        page,
        'mutation ($input: CreateEncryptionProfileInput!) { createEncryptionProfile(input: $input) { id } }',
        { input: { name: 'offsite' } },
      );
      await seed(page, 'mutation ($input: CreateEncryptionProfileInput!) { createEncryptionProfile(input: $input) { id } }', {
        input: { name: 'spare' },
      });
      const { createJob } = await seed<{ createJob: { id: string } }>(
        page,
        'mutation ($input: JobInput!) { createJob(input: $input) { id } }',
        {
          input: {
            name: 'shop backup',
            sourceId: createSource.id,
            targets: [{ destinationId: createDestination.id }],
            compression: 'zstd',
            encryptionProfileId: createEncryptionProfile.id,
          },
        },
      );
      jobId = createJob.id;
      const { runJob } = await seed<{ runJob: { id: string } }>(page, 'mutation ($id: ID!) { runJob(id: $id) { id } }', {
        id: jobId,
      });
      await expect
        .poll(
          async () =>
            (
              await seed<{ execution: { status: string } }>(page, 'query ($id: ID!) { execution(id: $id) { status } }', {
                id: runJob.id,
              })
            ).execution.status,
          { timeout: runTimeoutMs },
        )
        .toBe('SUCCESS');
    });

    const backups = main.getByRole('table', { name: 'Backups' });
    await test.step('the storage explorer downloads the decrypted dump', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Destinations' }).click();
      await main.getByRole('link', { name: 'Backups on folder' }).click();
      await expect(backups.getByRole('row')).toHaveCount(2);
      await expect(backups).toContainText('offsite');

      const downloading = page.waitForEvent('download');
      await backups.getByRole('link', { name: /^Download the decrypted dump of shop backup/ }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).not.toMatch(/\.enc$/);
      expect(download.suggestedFilename()).toMatch(/\.zst$/);
      expect(await savedSize(download)).toBeGreaterThan(0);
    });

    await test.step('a one-time link works once without signing in, then answers 410', async () => {
      await backups.getByRole('button', { name: /^Copy a one-time link to shop backup/ }).click();
      await page.getByRole('menuitem', { name: 'Decrypted dump' }).click();
      const dialog = page.getByRole('dialog', { name: 'One-time download link' });
      await expect(dialog).toContainText('works once, without signing in');
      await dialog.getByRole('button', { name: 'Make link' }).click();
      const field = dialog.getByRole('textbox', { name: 'Link' });
      await expect(field).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/api\/links\/.+/);
      await expect(dialog.getByText('Works once, without signing in', { exact: true })).toBeVisible();
      const url = await field.inputValue();

      // The request fixture carries no session cookie: the link alone must be enough.
      const first = await request.get(url);
      expect(first.status()).toBe(200);
      expect((await first.body()).length).toBeGreaterThan(0);
      const again = await request.get(url);
      expect(again.status()).toBe(410);
      await dialog.getByRole('button', { name: 'Done' }).click();
      await expect(dialog).toHaveCount(0);
    });

    const profiles = main.getByRole('region', { name: 'Encryption profiles' });
    await test.step('the Vault page counts the retained backups and downloads a Recovery Kit', async () => {
      await page.goto('/vault');
      const row = profiles.getByRole('row', { name: /offsite/ });
      await expect(row).toContainText('1 backup on 1 destination');

      await profiles.getByRole('button', { name: 'Recovery Kit' }).click();
      const dialog = page.getByRole('dialog', { name: 'Download a Recovery Kit' });
      await dialog.getByRole('checkbox', { name: 'offsite' }).check();
      await dialog.getByRole('checkbox', { name: 'spare' }).check();
      await expect(dialog.getByText(/opens every backup of all of them/)).toBeVisible();
      await dialog.getByRole('checkbox', { name: 'spare' }).uncheck();
      await expect(dialog.getByText(/opens every backup of all of them/)).toHaveCount(0);
      const downloading = page.waitForEvent('download');
      await dialog.getByRole('button', { name: 'Download' }).click();
      const kit = await downloading;
      expect(kit.suggestedFilename()).toMatch(/\.zip$/);
      expect(await savedSize(kit)).toBeGreaterThan(0);
      await dialog.getByRole('button', { name: 'Done' }).click();
    });

    await test.step('deleting the profile lists its retained backups and needs the key saved first', async () => {
      await seed(page, 'mutation ($id: ID!) { deleteJob(id: $id) }', { id: jobId });
      await profiles.getByRole('button', { name: 'Delete offsite' }).click();
      await page.getByRole('dialog', { name: 'Delete profile offsite?' }).getByRole('button', { name: 'Delete offsite' }).click();

      const dialog = page.getByRole('dialog', { name: 'offsite still opens 1 backup on 1 destination' });
      await expect(dialog.getByRole('list', { name: 'Retained backups per destination' })).toHaveText('folder: 1 backup');
      const downloading = page.waitForEvent('download');
      await dialog.getByRole('button', { name: 'Download Recovery Kit' }).click();
      expect((await downloading).suggestedFilename()).toMatch(/\.zip$/);

      const anyway = dialog.getByRole('button', { name: 'Delete anyway' });
      await expect(anyway).toBeDisabled();
      await dialog.getByRole('checkbox', { name: /^I have saved this key/ }).check();
      await anyway.click();
      await expect(dialog).toHaveCount(0);
      await expect(profiles.getByRole('row', { name: /offsite/ })).toHaveCount(0);
      await expect(profiles.getByRole('row', { name: /spare/ })).toBeVisible();
    });

    expect(pageErrors).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
