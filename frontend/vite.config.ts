import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The Go server listens here during development (`dbackup serve` with its default LISTEN).
const goServer = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Monaco, which only the playground loads, is one 2.8 MB chunk; the SPA's own chunks are
    // far below this limit, so a warning still means the SPA grew by a megabyte.
    chunkSizeWarningLimit: 3000,
    // GraphiQL (with Monaco and its workers) is a separate entry, so the SPA never loads it.
    rolldownOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        playground: resolve(import.meta.dirname, 'playground.html'),
      },
      onwarn(warning, warn) {
        // GraphiQL's packages mark modules "use no memo" for the React compiler. Bundling drops
        // such directives; that is harmless for code that is already compiled.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  worker: {
    // Monaco's workers are ES modules.
    format: 'es',
  },
  server: {
    proxy: {
      '/graphql': { target: goServer, ws: true },
      '/api': goServer,
      '/auth': goServer,
      '/healthz': goServer,
      // Only the exact path: /playground.html is Vite's own entry during development.
      '^/playground/?(\\?.*)?$': goServer,
    },
  },
});
