// postinstall: fetch Electron's binary if the `electron` package's own install step did not (npm 11 runs
// dependency install scripts only when approved). Where the download is impossible, say so once and carry on:
// `npm start` then serves the browser build instead.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { findElectronBinary } from './electron-binary.mjs';

// Electron's own switch for "no download": honoured here too, so an install told not to fetch fetches nothing.
const skipDownload = Boolean(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD);

if (skipDownload && !findElectronBinary().path) {
  console.log(
    'parley: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so no Electron binary was fetched; ' +
      '`npm start` will serve the browser build instead.',
  );
} else if (!findElectronBinary().path) {
  const installer = createRequire(import.meta.url).resolve('electron/install.js');
  const result = spawnSync(process.execPath, [installer], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 600_000,
  });
  if (result.status === 0 && findElectronBinary().path) {
    console.log('parley: Electron binary installed.');
  } else {
    console.log(
      'parley: Electron binary could not be downloaded; the desktop app is unavailable here, ' +
        '`npm start` will serve the browser build instead.',
    );
  }
}
