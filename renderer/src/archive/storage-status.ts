// The browser's storage for the archive: asks that it be kept under storage pressure (persistent storage, so the
// browser never evicts the archive silently), and reports how much is used of what is available.
export interface StorageStatus {
  readonly persisted: boolean;
  readonly usedBytes: number | null;
  readonly quotaBytes: number | null;
}

export const requestPersistentStorage = async (): Promise<boolean> => {
  if (!('storage' in navigator) || typeof navigator.storage.persist !== 'function') {
    return false;
  }
  return (await navigator.storage.persisted()) || navigator.storage.persist();
};

export const storageStatus = async (): Promise<StorageStatus> => {
  if (!('storage' in navigator)) {
    return { persisted: false, usedBytes: null, quotaBytes: null };
  }
  const [persisted, estimate] = await Promise.all([
    navigator.storage.persisted(),
    navigator.storage.estimate(),
  ]);
  return { persisted, usedBytes: estimate.usage ?? null, quotaBytes: estimate.quota ?? null };
};

/** A failure reason as the user should read it: running out of space is said plainly. */
export const describeStorageFailure = (reason: string): string =>
  /quota/i.test(reason)
    ? 'This device has no room left for Parley’s archive, so new messages could not be saved. Nothing saved is lost, and messages not yet saved are retried: free some space.'
    : reason;

export const formatBytes = (bytes: number): string => {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit] ?? 'B'}`;
};
