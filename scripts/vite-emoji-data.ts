// The emoji data the reaction picker (frimousse) reads, from the emojibase-data package: served by Vite's dev
// server (and Vitest's browser runner) and written into the build under emojibase/en/, so the picker loads it from
// the app's own origin. Left to itself the picker fetches it from a public CDN, which an offline or privacy-minded
// install must never depend on (and which the app's Content-Security-Policy refuses anyway).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/** Where the data lives, relative to the app's index.html (the picker's `emojibaseUrl`). */
export const EMOJI_DATA_PATH = 'emojibase';
const FILES = ['data.json', 'messages.json'] as const;
const REQUEST = new RegExp(`/${EMOJI_DATA_PATH}/en/(data|messages)\\.json$`);

const resolve = createRequire(import.meta.url).resolve;
const contentsOf = (file: string): Buffer => readFileSync(resolve(`emojibase-data/en/${file}`));

export const emojiDataPlugin = (): Plugin => ({
  name: 'parley-emoji-data',
  configureServer(server) {
    server.middlewares.use((request, response, next) => {
      const match = REQUEST.exec((request.url ?? '').split('?')[0] ?? '');
      if (!match) {
        next();
        return;
      }
      response.setHeader('Content-Type', 'application/json; charset=utf-8');
      response.end(request.method === 'HEAD' ? undefined : contentsOf(`${match[1] ?? ''}.json`));
    });
  },
  generateBundle() {
    for (const file of FILES) {
      this.emitFile({ type: 'asset', fileName: `${EMOJI_DATA_PATH}/en/${file}`, source: contentsOf(file) });
    }
  },
});
