import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { graphql, setupAdmin } from './auth';
import { expect, test } from './fixtures';

/** sqlite3 is the SQLite shell that writes the database to back up. */
const sqlite3 = process.env.SQLITE3 ?? '/usr/bin/sqlite3';

/** runTimeoutMs bounds one backup of a tiny SQLite file, queue included. */
const runTimeoutMs = 30_000;

/** viewerZone is the browser's zone, other than the job's, so the preview shows both. */
const viewerZone = 'America/New_York';

test.use({ timezoneId: viewerZone });

/** seed runs an operation as the signed-in admin and returns its data, failing with the server's errors. */
async function seed<T>(page: Page, query: string, variables: object = {}): Promise<T> {
  const res = await graphql(page, query, variables);
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!res.ok() || body.errors || !body.data) throw new Error(`${query.trim().split('\n')[0]}: ${JSON.stringify(body)}`);
  return body.data;
}

test('an admin schedules a job daily at 03:00 in Berlin with the picker, previews its retention and locks its backup', async ({
  page,
}) => {
  if (!existsSync(sqlite3)) throw new Error(`the sqlite3 shell is missing at ${sqlite3}: apt-get install -y sqlite3`);
  const dir = await mkdtemp(join(tmpdir(), 'dbackup-e2e-schedule-'));
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const main = page.getByRole('main');
  const nav = page.getByRole('navigation', { name: 'Main' });
  try {
    const database = join(dir, 'shop.db');
    const folder = join(dir, 'backups');
    execFileSync(sqlite3, [database, "CREATE TABLE items (name TEXT); INSERT INTO items VALUES ('apple');"]);
    await mkdir(folder);
    await setupAdmin(page);

    await test.step('a SQLite source and a local folder are seeded through the API', async () => {
      await seed(page, 'mutation ($input: SourceInput!) { createSource(input: $input) { id } }', {
        input: { name: 'shop', engine: 'sqlite', settings: [{ name: 'database', value: database }] },
      });
      await seed(page, 'mutation ($input: DestinationInput!) { createDestination(input: $input) { id } }', {
        input: { name: 'folder', kind: 'local', settings: [{ name: 'path', value: folder }] },
      });
    });

    await test.step('the job form schedules daily at 03:00 in Europe/Berlin and previews five runs', async () => {
      await nav.getByRole('link', { name: 'Jobs' }).click();
      await main.getByRole('button', { name: 'New job' }).click();
      const dialog = page.getByRole('dialog', { name: 'New job' });
      await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('nightly');
      await dialog.getByRole('combobox', { name: 'Source', exact: true }).click();
      await page.getByRole('option', { name: 'shop' }).click();
      await dialog.getByRole('combobox', { name: 'Add a destination' }).click();
      await page.getByRole('option', { name: 'folder' }).click();

      await dialog.getByRole('combobox', { name: 'Schedule', exact: true }).click();
      await page.getByRole('option', { name: 'Daily' }).click();
      await dialog.getByLabel('Time', { exact: true }).fill('03:00');
      const zone = dialog.getByRole('combobox', { name: 'Time zone' });
      // A new job starts in the viewer's zone.
      await expect(zone).toHaveValue(viewerZone);
      await zone.click();
      await zone.fill('Berlin');
      await page.getByRole('option', { name: 'Europe/Berlin' }).click();
      await expect(dialog.getByTestId('cron-expression')).toHaveText('0 3 * * *');

      const runs = dialog.getByRole('table', { name: 'Next runs' });
      await expect(runs.getByRole('columnheader')).toHaveText(['In Europe/Berlin', `Your time (${viewerZone})`]);
      await expect(runs.locator('tbody tr')).toHaveCount(5);
      await expect(runs.locator('tbody tr').first().locator('td').first()).toHaveText(/^\w{3} \d{2} \w{3} 03:00$/);
      await expect(dialog.getByRole('combobox', { name: 'Catch up after downtime' })).toHaveValue('Run once');
      await dialog.getByRole('button', { name: 'Create job' }).click();
      await expect(dialog).toHaveCount(0);
    });

    await test.step('the jobs list shows the next run in the job’s zone', async () => {
      const row = main.getByRole('table', { name: 'Jobs' }).getByRole('row', { name: /nightly/ });
      await expect(row.getByTestId('next-run')).toHaveText(/^Next run: in \d+ (min|h) — \w{3} \d{2} \w{3} 03:00 Europe\/Berlin$/);
    });

    await test.step('a run now makes one backup', async () => {
      await main.getByRole('button', { name: 'Run nightly now' }).click();
      await expect(page).toHaveURL(/\/executions\/[^/]+$/);
      await expect(main.getByTestId('execution-status')).toHaveText('Succeeded', { timeout: runTimeoutMs });
    });

    await test.step('the retention preview keeps that backup as the newest successful one', async () => {
      await nav.getByRole('link', { name: 'Jobs' }).click();
      await main.getByRole('button', { name: 'Edit nightly' }).click();
      const form = page.getByRole('dialog', { name: 'Edit nightly' });
      await expect(form.getByRole('combobox', { name: 'Schedule', exact: true })).toHaveValue('Daily');
      await form.getByRole('button', { name: 'Preview retention on folder' }).click();
      const dialog = page.getByRole('dialog', { name: 'Retention on folder' });
      await expect(dialog.getByTestId('retention-summary')).toHaveText('Retention keeps 1, deletes 0.');
      const rows = dialog.getByRole('table', { name: 'Retention preview' }).locator('tbody tr');
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText('Keep');
      await expect(rows.first()).toContainText('newest successful backup');
      await dialog.getByRole('button', { name: 'Done' }).click();
      await expect(dialog).toHaveCount(0);
      await form.getByRole('button', { name: 'Cancel' }).click();
      await expect(form).toHaveCount(0);
    });

    await test.step('the storage explorer locks the backup and shows the badge', async () => {
      await nav.getByRole('link', { name: 'Destinations' }).click();
      await main.getByRole('link', { name: 'Backups on folder' }).click();
      const backups = main.getByRole('table', { name: 'Backups' });
      await expect(backups.getByRole('row')).toHaveCount(2);
      await expect(backups.getByText('Locked', { exact: true })).toHaveCount(0);
      await backups.getByRole('button', { name: /^Lock the backup of nightly/ }).click();
      await expect(backups.getByText('Locked', { exact: true })).toBeVisible();
      await expect(backups.getByRole('button', { name: /^Unlock the backup of nightly/ })).toBeVisible();
    });

    expect(pageErrors).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
