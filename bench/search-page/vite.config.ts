// Builds the search bench page: the archive's own import and search code without the React UI, driven by
// bench/search.ts through `window.parleySearchBench`. It lands inside the bench's copy of the browser build
// (out/bench/search-app/search-bench/), so it shares the app's origin and can fill the app's own archive.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../../out/bench/search-app/search-bench', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
