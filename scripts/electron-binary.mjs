// Finds the Electron binary installed by the `electron` package, or says why there is none.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** @returns {{ path: string } | { path: null, reason: string }} */
export const findElectronBinary = () => {
  try {
    const path = require('electron');
    if (typeof path === 'string' && existsSync(path)) {
      return { path };
    }
    return { path: null, reason: 'the Electron binary is not installed (its download did not complete)' };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { path: null, reason: `the Electron binary is not installed (${message})` };
  }
};
