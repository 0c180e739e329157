// The backup file's gzip port over Node's zlib, for tests under Node. zlib is passed in rather than imported, so
// shared/ stays free of Node built-ins (the test files import node:zlib and hand it over).
import type { GzipPort } from '../backup/backup-bundle';

/** The part of node:zlib the port uses. */
export interface SyncZlib {
  gzipSync(data: Uint8Array): Uint8Array;
  gunzipSync(data: Uint8Array, options: { maxOutputLength: number }): Uint8Array;
}

export const createZlibGzipPort = (zlib: SyncZlib): GzipPort => ({
  gzip: (data) => Promise.resolve(zlib.gzipSync(data)),
  gunzip: (data, maxBytes) => {
    // zlib throws on data that is not gzip and past maxOutputLength; the port answers null for both.
    try {
      return Promise.resolve(zlib.gunzipSync(data, { maxOutputLength: maxBytes }));
    } catch {
      return Promise.resolve(null);
    }
  },
});
