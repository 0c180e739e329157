// Builds the three Electron bundles: main (ESM, Node target), the preload (one self-contained CommonJS file, as a
// sandboxed preload can only require 'electron' and a few built-ins) and the renderer (React).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { emojiDataPlugin } from './scripts/vite-emoji-data';

const fromRoot = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('out/main'),
      lib: { entry: fromRoot('electron/main/index.ts'), formats: ['es'], fileName: () => 'index.js' },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('out/preload'),
      // Bundle everything (zod and all): the sandbox has no module loader for node_modules.
      externalizeDeps: false,
      lib: { entry: fromRoot('electron/preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  },
  renderer: {
    root: fromRoot('renderer'),
    // The reaction picker's emoji data, served by the app itself.
    plugins: [react(), emojiDataPlugin()],
    // The search index compactor's Worker is a module, as in the browser build.
    worker: { format: 'es' },
    build: {
      outDir: fromRoot('out/renderer'),
      rolldownOptions: { input: fromRoot('renderer/index.html') },
    },
  },
});
