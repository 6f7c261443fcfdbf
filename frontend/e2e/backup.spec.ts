import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { graphql, setupAdmin } from './auth';
import { expect, test } from './fixtures';

/** sqlite3 is the SQLite shell that writes the database to back up and reads the restored copy. */
const sqlite3 = process.env.SQLITE3 ?? '/usr/bin/sqlite3';

/** runTimeoutMs bounds one backup or restore of a tiny SQLite file, queue included. */
const runTimeoutMs = 45_000;

/** finishedStatuses are the labels of the status badge once a run has ended. */
const finishedStatuses = /^(Succeeded|Partly failed|Failed|Cancelled)$/;

function sql(file: string, statements: string): string {
  return execFileSync(sqlite3, [file, statements], { encoding: 'utf8' }).trim();
}

/**
 * seed runs a mutation through the API as the signed-in admin and returns its data, failing with
 * the server's errors.
 */
async function seed<T>(page: Page, query: string, variables: object): Promise<T> {
  const res = await graphql(page, query, variables);
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!res.ok() || body.errors || !body.data) throw new Error(`${query.trim().split('\n')[0]}: ${JSON.stringify(body)}`);
  return body.data;
}

const createSource = `
  mutation ($input: SourceInput!) {
    createSource(input: $input) { id }
  }`;
const createDestination = `
  mutation ($input: DestinationInput!) {
    createDestination(input: $input) { id }
  }`;
const createJob = `
  mutation ($input: JobInput!) {
    createJob(input: $input) { id }
  }`;

/**
 * finished waits until the run on the page has ended and requires it to have succeeded; when it
 * did not, the failure names the status, the error code and message the page shows, and the log.
 */
async function succeeded(main: Locator, what: string) {
  const status = main.getByTestId('execution-status');
  await expect(status).toHaveText(finishedStatuses, { timeout: runTimeoutMs });
  const shown = (await status.textContent()) ?? '';
  if (shown !== 'Succeeded') {
    const alert = await main.getByRole('alert').allTextContents();
    const log = await main.getByRole('table', { name: 'Log' }).textContent().catch(() => '(no log)');
    throw new Error(`the ${what} ended ${shown}: ${alert.join(' | ')}\nlog: ${log}`);
  }
}

test('an admin runs a job now, watches it live, finds it in the history, verifies its backup and restores it into another source', async ({
  page,
}) => {
  if (!existsSync(sqlite3)) throw new Error(`the sqlite3 shell is missing at ${sqlite3}: apt-get install -y sqlite3`);
  const dir = await mkdtemp(join(tmpdir(), 'dbackup-e2e-backup-'));
  try {
    await journey(page, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

async function journey(page: Page, dir: string) {
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const main = page.getByRole('main');
  const nav = page.getByRole('navigation', { name: 'Main' });

  const original = join(dir, 'shop.db');
  const copy = join(dir, 'copy.db');
  const folder = join(dir, 'backups');
  sql(
    original,
    "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO items (name) VALUES ('apple'), ('pear'), ('plum');",
  );
  sql(copy, "CREATE TABLE stale (x TEXT); INSERT INTO stale VALUES ('old');");
  await mkdir(folder);

  await test.step('the setup wizard creates the first admin', async () => {
    await setupAdmin(page);
  });

  await test.step('two SQLite sources, a local folder and a job are seeded through the API', async () => {
    const source = await seed<{ createSource: { id: string } }>(page, createSource, {
      input: { name: 'shop', engine: 'sqlite', settings: [{ name: 'database', value: original }] },
    });
    await seed(page, createSource, {
      input: { name: 'copy', engine: 'sqlite', settings: [{ name: 'database', value: copy }] },
    });
    const destination = await seed<{ createDestination: { id: string } }>(page, createDestination, {
      input: { name: 'folder', kind: 'local', settings: [{ name: 'path', value: folder }] },
    });
    await seed(page, createJob, {
      input: {
        name: 'shop backup',
        sourceId: source.createSource.id,
        targets: [{ destinationId: destination.createDestination.id }],
        compression: 'zstd',
      },
    });
  });

  await test.step('the job form sets an object name template, showing the server’s objection on the field', async () => {
    await nav.getByRole('link', { name: 'Jobs' }).click();
    await main.getByRole('button', { name: 'Edit shop backup' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit shop backup' });
    const field = dialog.getByRole('textbox', { name: 'Object name template' });
    await expect(field).toHaveAttribute('placeholder', '{job}/{job}_{database}_{date}_{time}');
    await field.fill('{job}/{host}');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText(/unknown token \{host\}/)).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await field.fill('{job}/{datetime}_{id}');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toHaveCount(0);
  });

  await test.step('Run now opens the live view, which reaches success with a full bar and the log', async () => {
    await main.getByRole('button', { name: 'Run shop backup now' }).click();
    await expect(page).toHaveURL(/\/executions\/[^/]+$/);
    await expect(main.getByRole('heading', { level: 2, name: 'Backup of shop backup' })).toBeVisible();
    await succeeded(main, 'backup');

    const bar = main.getByRole('progressbar', { name: 'Progress of folder' });
    await expect(bar).toHaveAttribute('aria-valuenow', '100');
    await expect(main.getByTestId('target-folder')).toContainText('Done');
    await expect(main.getByRole('table', { name: 'Log' }).getByRole('row').first()).toBeVisible();
    // Named by the job's template, the extension added by the server.
    await expect(main.getByTestId('object-key')).toHaveText(/shop-backup\/\d{8}T\d{6}_[A-Za-z0-9._-]+\.sqlite\.zst$/);
    await expect(main.getByTestId('sha256')).toHaveText(/^[0-9a-f]{64}$/);
    await expect(main.getByRole('button', { name: 'Cancel backup' })).toHaveCount(0);
  });

  await test.step('History lists the run', async () => {
    await nav.getByRole('link', { name: 'History' }).click();
    const row = main.getByRole('table', { name: 'Runs' }).getByRole('row', { name: /shop backup/ });
    await expect(row).toContainText('Backup');
    await expect(row).toContainText('Succeeded');
    await expect(row).toContainText('Manual');
  });

  await test.step('the destination lists the backup, which is restored into the second source', async () => {
    await nav.getByRole('link', { name: 'Destinations' }).click();
    await main.getByRole('link', { name: 'Backups on folder' }).click();
    await expect(main.getByRole('heading', { level: 2, name: 'Backups on folder' })).toBeVisible();
    const backups = main.getByRole('table', { name: 'Backups' });
    await expect(backups.getByRole('row')).toHaveCount(2);
    await expect(backups).toContainText('shop backup');
    await expect(backups).toContainText('Zstandard');

    // Verify re-hashes the stored object; the row then shows when it last matched.
    const verification = backups.getByTestId('verification');
    await expect(verification).toHaveText('Not verified');
    await backups.getByRole('button', { name: /^Verify the backup of shop backup/ }).click();
    await expect(verification).toHaveText(/^Verified /, { timeout: runTimeoutMs });
    await expect(main.getByRole('button', { name: /^Objects without a sidecar/ })).toHaveCount(0);

    await backups.getByRole('button', { name: /^Restore the backup of shop backup/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore backup' });
    await dialog.getByRole('combobox', { name: 'Restore into' }).click();
    // Only SQLite sources are offered for a SQLite backup.
    await expect(page.getByRole('option')).toHaveText(['copy (sqlite)', 'shop (sqlite)']);
    await page.getByRole('option', { name: 'copy (sqlite)' }).click();
    await dialog.getByRole('button', { name: 'Next' }).click();
    // A SQLite backup holds one file; it goes into the chosen source's own file, with no mapping to edit.
    await expect(dialog.getByText(/Restores into/)).toContainText(`Restores into ${copy} configured on copy`);
    await expect(dialog.getByRole('textbox', { name: `Restore ${original} into` })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Next' }).click();
    await expect(dialog.getByRole('list', { name: 'Databases replaced' })).toContainText(copy);
    // The server compares the backup with the target before the user confirms.
    const versions = dialog.getByRole('table', { name: 'Server versions' });
    await expect(versions).toContainText('Backup');
    await expect(versions).toContainText('copy');
    await expect(dialog.getByText("The target databases' contents will be replaced")).toBeVisible();
    await dialog.getByRole('button', { name: 'Replace and restore' }).click();

    await expect(page).toHaveURL(/\/executions\/[^/]+$/);
    await expect(main.getByRole('heading', { level: 2, name: 'Restore into copy' })).toBeVisible();
    await succeeded(main, 'restore');
  });

  await test.step('the second database file now holds the rows instead of its old contents', async () => {
    expect(sql(copy, 'SELECT name FROM items ORDER BY id;').split('\n')).toEqual(['apple', 'pear', 'plum']);
    expect(sql(copy, "SELECT count(*) FROM sqlite_master WHERE name = 'stale';")).toBe('0');
    expect(sql(original, 'SELECT count(*) FROM items;')).toBe('3');
  });

  expect(pageErrors).toEqual([]);
}
