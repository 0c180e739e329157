// A separate process that tries to take a store folder's lock when its parent says so, and reports whether it
// got it; it keeps what it took until it exits, as a store would. Spawned by store-lock.integration.test.ts.
import { acquireLock } from '../store-lock';

export type ContenderReport = { readonly won: true } | { readonly won: false; readonly error: string };

process.on('message', (directory: string) => {
  void acquireLock(directory).then(
    () => process.send?.({ won: true } satisfies ContenderReport),
    (error: unknown) =>
      process.send?.({ won: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.('ready');
