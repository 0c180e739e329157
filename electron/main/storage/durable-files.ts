// File-system helpers for the durable store: reading a file that may be absent, and flushing a folder so that
// created, renamed and removed names survive a crash.
import { open, readFile } from 'node:fs/promises';

export const errorCode = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : undefined;

export const readIfPresent = async (file: string): Promise<Buffer | null> => {
  try {
    return await readFile(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return null;
    }
    throw error;
  }
};

/** Makes created, renamed and removed names durable. Windows cannot open a folder to flush it (NTFS logs them). */
export const syncDirectory = async (directory: string): Promise<void> => {
  if (process.platform === 'win32') {
    return;
  }
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
};
