import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The teaching page (src/web). Tests use vitest.config.ts, which keeps
// looking for tests/** despite the non-default root here.
const repo = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  // Relative asset URLs, so the built folder works from any path or a file server.
  base: './',
  build: {
    // results/ is git-ignored.
    outDir: fileURLToPath(new URL('./results/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // mathjs (units) and zod (validation) make the page's main chunk large; it loads once.
    chunkSizeWarningLimit: 1500,
  },
  // The worker imports its handler dynamically, which needs ES-module workers.
  worker: { format: 'es' },
  server: { fs: { allow: [repo] } },
});
