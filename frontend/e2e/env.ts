import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** inCI is true under CI, where a missing prerequisite fails the run instead of skipping it. */
export const inCI = process.env.CI === 'true';

export const repoRoot = resolve(import.meta.dirname, '../..');

/** chromiumPath is Debian's Chromium; Playwright's own browser downloads are not used. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** chromiumArgs keep a headless Chromium from reaching out to any network on its own. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** binaryPath is the dbackup binary under test: DBACKUP_BIN, or bin/dbackup in the repository. */
export const binaryPath = process.env.DBACKUP_BIN ?? resolve(repoRoot, 'bin/dbackup');

/** chromiumMissing explains how to get Chromium, or is undefined when it is installed. */
export function chromiumMissing(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  return `Chromium not found at ${chromiumPath}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH`;
}

/** binaryMissing explains how to build dbackup, or is undefined when it exists. */
export function binaryMissing(): string | undefined {
  if (existsSync(binaryPath)) return undefined;
  return (
    `dbackup binary not found at ${binaryPath}: run "npm run build && go build -o bin/dbackup ./cmd/dbackup" ` +
    'in the repository root, or set DBACKUP_BIN'
  );
}
