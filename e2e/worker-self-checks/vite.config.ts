// Builds the Worker self-check page for the web e2e project (e2e/web/*-self-check specs).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../../out/e2e/worker-self-checks', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
});
