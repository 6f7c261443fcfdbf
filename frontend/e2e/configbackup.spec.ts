import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { graphql, setupAdmin } from './auth';
import { expect, test } from './fixtures';

/** runTimeoutMs bounds one Run now of a system task on a fresh instance, which answers when it has finished. */
const runTimeoutMs = 30_000;

/** signingSecret is a secret of the configuration that the export must not show in clear. */
const signingSecret = 'e2e-signing-secret-do-not-leak';

/** passphrase seals the exported secrets; it meets the 12-character rule. */
const passphrase = 'e2e export passphrase';

/** seed runs an operation as the signed-in admin and returns its data, failing with the server's errors. */
async function seed<T>(page: Page, query: string, variables: object = {}): Promise<T> {
  const res = await graphql(page, query, variables);
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!res.ok() || body.errors || !body.data)
    throw new Error(`${query.trim().split('\n')[0]}: ${JSON.stringify(body)}`);
  return body.data;
}

/** pick opens the select labelled label in scope and chooses the option matching option from its dropdown. */
async function pick(page: Page, scope: Locator, label: string | RegExp, option: string | RegExp) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

/** runTask sets a system task up on the folder destination and the offsite profile, saves it and runs it now. */
async function runTask(page: Page, card: Locator, title: string) {
  const enabled = card.getByRole('switch', { name: /^Enabled/ });
  if (!(await enabled.isChecked())) await enabled.check({ force: true });
  await pick(page, card, /^Destination/, 'folder');
  await pick(page, card, /^Encryption profile/, /^offsite/);
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`${title} saved`)).toBeVisible();
  await card.getByRole('button', { name: 'Run now' }).click();
  const result = card.getByRole('group', { name: 'Run now result' });
  await expect(result.getByTestId('run-status')).toHaveText('Succeeded', { timeout: runTimeoutMs });
  await expect(result).toContainText('Stored as');
  await expect(card.getByRole('group', { name: 'Last run' }).getByTestId('run-status')).toHaveText('Succeeded');
}

test('an admin exports the configuration with secrets, imports it back, and runs the scheduled Config Backup and System Backup', async ({
  page,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'dbackup-e2e-configbackup-'));
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const main = page.getByRole('main');
  try {
    const folder = join(dir, 'backups');
    await mkdir(folder);
    await setupAdmin(page);

    await test.step('a destination, a profile and a channel with a secret are made through the API', async () => {
      await seed(page, 'mutation ($input: DestinationInput!) { createDestination(input: $input) { id } }', {
        input: { name: 'folder', kind: 'local', settings: [{ name: 'path', value: folder }] },
      });
      await seed(
        page,
        'mutation ($input: CreateEncryptionProfileInput!) { createEncryptionProfile(input: $input) { id } }',
        {
          input: { name: 'offsite' },
        },
      );
      await seed(
        page,
        'mutation ($input: NotificationChannelInput!) { createNotificationChannel(input: $input) { id } }',
        {
          input: {
            name: 'ops hook',
            kind: 'webhook',
            settings: [{ name: 'url', value: 'http://127.0.0.1:9/hook' }],
            secrets: [{ name: 'secret', value: signingSecret }],
          },
        },
      );
    });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await main.getByRole('tab', { name: 'Config Backup' }).click();

    let exported = '';
    await test.step('the export with secrets downloads a sealed JSON document', async () => {
      const card = main.getByRole('region', { name: 'Export' });
      await card.getByRole('switch', { name: /^Include secrets/ }).check({ force: true });
      await card.getByLabel(/^Passphrase/).fill(passphrase);
      await card.getByLabel(/^Confirm passphrase/).fill(`${passphrase}!`);
      await card.getByRole('button', { name: 'Export' }).click();
      await expect(card.getByText('The two passphrases differ.')).toBeVisible();
      await card.getByLabel(/^Confirm passphrase/).fill(passphrase);

      const downloading = page.waitForEvent('download');
      await card.getByRole('button', { name: 'Export' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/^dbackup-config-.*\.json$/);
      exported = join(dir, download.suggestedFilename());
      await download.saveAs(exported);
      const text = await readFile(exported, 'utf8');
      const doc = JSON.parse(text) as {
        format: string;
        secrets: string;
        items: { notificationChannels: Array<{ name: string }> };
        envelope: { kdf: string; cipher: string; ciphertext: string };
      };
      expect(doc.format).toBe('dbackup-config');
      expect(doc.secrets).toBe('sealed');
      expect(doc.envelope.kdf).toBe('argon2id');
      expect(doc.envelope.cipher).toBe('AES-256-GCM');
      expect(doc.envelope.ciphertext.length).toBeGreaterThan(0);
      expect(doc.items.notificationChannels.map((c) => c.name)).toContain('ops hook');
      expect(text).not.toContain(signingSecret);
    });

    await test.step('importing the same file back previews the items as unchanged and imports nothing new', async () => {
      const card = main.getByRole('region', { name: 'Import' });
      await card.locator('input[type="file"]').setInputFiles(exported);
      await expect(card.getByText(/This file holds sealed secrets/)).toBeVisible();
      await card.getByLabel(/^Passphrase/).fill(passphrase);
      await card.getByRole('button', { name: 'Preview' }).click();
      const changes = card.getByRole('table', { name: 'Import changes' });
      for (const name of ['folder', 'offsite', 'ops hook']) {
        await expect(changes.getByRole('row', { name: new RegExp(`\\b${name}\\b`) })).toContainText('UNCHANGED');
      }
      await expect(changes.getByText('CREATE', { exact: true })).toHaveCount(0);
      await card.getByRole('button', { name: 'Import' }).click();
      await expect(card.getByRole('alert', { name: 'Configuration imported' })).toContainText(
        'Imported: 0 items created',
      );
    });

    await test.step('the scheduled Config Backup runs now and succeeds', async () => {
      const card = main.getByRole('region', { name: 'Scheduled Config Backup' });
      await runTask(page, card, 'Scheduled Config Backup');
      await expect(card.getByRole('list', { name: 'How to restore a Scheduled Config Backup' })).toBeVisible();
    });

    await test.step('the storage explorer offers the stored Config Backup for import, and previews it', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Destinations' }).click();
      await main.getByRole('link', { name: 'Backups on folder' }).click();
      const backups = main.getByRole('table', { name: 'Backups' });
      await expect(backups).toContainText('dbackup-config');
      await backups.getByRole('button', { name: /^Import the configuration of/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Import configuration' });
      await dialog.getByRole('button', { name: 'Preview' }).click();
      const changes = dialog.getByRole('table', { name: 'Import changes' });
      await expect(changes.getByRole('row', { name: /\bops hook\b/ })).toContainText('UNCHANGED');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect(dialog).toHaveCount(0);
    });

    await test.step('the System Backup runs now and succeeds, with its restore steps and key warning', async () => {
      await page.goto('/settings?tab=system-backup');
      const restore = main.getByRole('region', { name: 'Restoring a System Backup' });
      await expect(restore.getByText('Keep the ENCRYPTION_KEY with the backups')).toBeVisible();
      await expect(restore.getByRole('list', { name: 'How to restore a System Backup' })).toBeVisible();
      await runTask(page, main.getByRole('region', { name: 'System Backup', exact: true }), 'System Backup');
    });

    expect(pageErrors).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
