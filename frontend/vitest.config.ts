import { mergeConfig } from 'vite';
import { defineConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}'],
      setupFiles: ['src/test/setup.ts'],
      restoreMocks: true,
      // Interaction tests take well under a second on an idle machine; the margin is for a
      // loaded CI machine (two cores shared with Go builds), where 5 s proved too tight.
      testTimeout: 30_000,
    },
  }),
);
