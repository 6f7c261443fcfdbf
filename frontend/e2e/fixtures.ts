import { test as base } from '@playwright/test';
import { type Server, startServer } from './server';

/**
 * test boots a fresh dbackup for every test and points baseURL (pages and API requests) at it.
 * The server's output is printed when the test fails.
 */
export const test = base.extend<{ server: Server }>({
  server: async ({}, use, testInfo) => {
    const server = await startServer();
    try {
      await use(server);
    } finally {
      await server.stop();
      if (testInfo.status !== testInfo.expectedStatus) {
        console.log(`--- dbackup output ---\n${server.log()}`);
      }
    }
  },
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
});

export { expect } from '@playwright/test';
