// Builds the messaging bench page: the browser build's host Worker and messaging composition without the React
// UI, driven by bench/messaging.ts through `window.parleyBench`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../../out/bench/messaging-page', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
