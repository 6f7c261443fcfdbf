import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { graphql, setupAdmin } from './auth';
import { expect, test } from './fixtures';

/** sqlite3 is the SQLite shell that writes the database the job backs up. */
const sqlite3 = process.env.SQLITE3 ?? '/usr/bin/sqlite3';

/** runTimeoutMs bounds one backup of a tiny SQLite file and its notification, queue included. */
const runTimeoutMs = 30_000;

/** seed runs an operation as the signed-in admin and returns its data, failing with the server's errors. */
async function seed<T>(page: Page, query: string, variables: object = {}): Promise<T> {
  const res = await graphql(page, query, variables);
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!res.ok() || body.errors || !body.data) throw new Error(`${query.trim().split('\n')[0]}: ${JSON.stringify(body)}`);
  return body.data;
}

/** Received is one request the receiver got: its headers and parsed JSON body. */
interface Received {
  headers: IncomingHttpHeaders;
  body: { type?: string } & Record<string, unknown>;
}

/** Receiver is a tiny webhook endpoint on a loopback port that records what it is sent. */
interface Receiver {
  url: string;
  requests: Received[];
  /** status is what the receiver answers from now on. */
  status: number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = [];
  let server: Server | undefined;
  const receiver: Receiver = {
    url: '',
    requests,
    status: 200,
    close: () => new Promise((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Received['body'] = {};
      try {
        body = JSON.parse(text) as Received['body'];
      } catch {
        body = { unparsed: text };
      }
      requests.push({ headers: req.headers, body });
      res.writeHead(receiver.status, { 'Content-Type': 'text/plain' });
      res.end(receiver.status < 300 ? 'ok' : 'receiver says no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

/** pick opens the select labelled label in scope and chooses option from its dropdown. */
async function pick(page: Page, scope: Locator, label: string, option: string) {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('an admin adds a signed webhook channel, sends it tests that succeed and fail, and hears of a job’s success', async ({
  page,
}) => {
  if (!existsSync(sqlite3)) throw new Error(`the sqlite3 shell is missing at ${sqlite3}: apt-get install -y sqlite3`);
  const dir = await mkdtemp(join(tmpdir(), 'dbackup-e2e-notify-'));
  const receiver = await startReceiver();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const main = page.getByRole('main');
  try {
    await setupAdmin(page);

    await test.step('the webhook channel is created through its form', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Notifications' }).click();
      await expect(main.getByText('No channels yet.')).toBeVisible();
      await main.getByRole('button', { name: 'Add channel' }).click();
      const dialog = page.getByRole('dialog', { name: 'New channel' });
      await pick(page, dialog, 'Kind', 'Webhook');
      await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('ops hook');
      await dialog.getByRole('textbox', { name: 'URL', exact: true }).fill(receiver.url);
      await dialog.getByLabel(/^Signing secret/).fill('e2e signing secret');
      await dialog.getByRole('button', { name: 'Create channel' }).click();
      await expect(dialog).toHaveCount(0);
      const channels = main.getByRole('table', { name: 'Channels' });
      await expect(channels.getByRole('row', { name: /^ops hook Webhook/ })).toContainText('Webhook');
    });

    await test.step('a test reaches the receiver, signed, and shows Sent', async () => {
      await main.getByRole('button', { name: 'Send a test to ops hook' }).click();
      const result = main.getByRole('cell', { name: 'Test message to ops hook' });
      await expect(result.getByText('Sent ✓')).toBeVisible();
      expect(receiver.requests).toHaveLength(1);
      const [first] = receiver.requests;
      if (!first) throw new Error('the receiver got no request');
      expect(first.headers['content-type']).toMatch(/^application\/json/);
      expect(first.body.type).toBe('test');
      expect(first.headers['x-dbackup-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    });

    await test.step('a receiver answering 500 shows the reason', async () => {
      receiver.status = 500;
      await main.getByRole('button', { name: 'Hide the test of ops hook' }).click();
      await main.getByRole('button', { name: 'Send a test to ops hook' }).click();
      const result = main.getByRole('cell', { name: 'Test message to ops hook' });
      await expect(result.getByText('Sending failed')).toBeVisible();
      await expect(result).toContainText('500');
      expect(receiver.requests.length).toBeGreaterThanOrEqual(2);
    });

    await test.step('the deliveries table lists both tests, newest first', async () => {
      const deliveries = main.getByRole('table', { name: 'Deliveries' });
      const rows = deliveries.locator('tbody tr');
      await expect(rows).toHaveCount(2);
      await expect(rows.nth(0)).toContainText('Failed');
      await expect(rows.nth(0)).toContainText('500');
      await expect(rows.nth(1)).toContainText('Sent');
      await expect(rows.nth(1)).toContainText('ops hook');
      const channels = main.getByRole('table', { name: 'Channels' });
      await expect(channels.getByRole('row', { name: /^ops hook Webhook/ })).toContainText('Failed');
    });

    await test.step('a job that notifies the channel on success tells it of its run', async () => {
      receiver.status = 200;
      const database = join(dir, 'shop.db');
      const folder = join(dir, 'backups');
      execFileSync(sqlite3, [database, "CREATE TABLE items (name TEXT); INSERT INTO items VALUES ('apple');"]);
      await mkdir(folder);
      await seed(page, 'mutation ($input: SourceInput!) { createSource(input: $input) { id } }', {
        input: { name: 'shop', engine: 'sqlite', settings: [{ name: 'database', value: database }] },
      });
      await seed(page, 'mutation ($input: DestinationInput!) { createDestination(input: $input) { id } }', {
        input: { name: 'folder', kind: 'local', settings: [{ name: 'path', value: folder }] },
      });

      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Jobs' }).click();
      await main.getByRole('button', { name: 'New job' }).click();
      const dialog = page.getByRole('dialog', { name: 'New job' });
      await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('nightly');
      await pick(page, dialog, 'Source', 'shop');
      await pick(page, dialog, 'Add a destination', 'folder');
      await pick(page, dialog, 'On success', 'ops hook');
      await page.keyboard.press('Escape');
      await dialog.getByRole('button', { name: 'Create job' }).click();
      await expect(dialog).toHaveCount(0);

      await main.getByRole('button', { name: 'Run nightly now' }).click();
      await expect(main.getByTestId('execution-status')).toHaveText('Succeeded', { timeout: runTimeoutMs });

      await nav.getByRole('link', { name: 'Notifications' }).click();
      const newest = main.getByRole('table', { name: 'Deliveries' }).locator('tbody tr').first();
      await expect(async () => {
        await page.reload();
        await expect(newest).toContainText('Backup succeeded', { timeout: 1_000 });
        await expect(newest).toContainText('Sent', { timeout: 1_000 });
      }).toPass({ timeout: runTimeoutMs });
      expect(receiver.requests.some((r) => r.body.type === 'backup.success')).toBe(true);
    });

    expect(pageErrors).toEqual([]);
  } finally {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  }
});
