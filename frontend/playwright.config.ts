import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumMissing, chromiumPath, inCI } from './e2e/env';

// Under CI a missing Chromium fails the run at once; elsewhere the specs skip with the reason.
const missing = chromiumMissing();
// A missing browser fails the run everywhere: a skipped browser test proves nothing.
if (missing) throw new Error(missing);

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: inCI,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'retain-on-failure',
  },
});
