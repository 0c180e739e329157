// Writes a file so that readers see either the old or the new content, never a torn one: write a temporary file
// beside it, flush it to disk, rename it over the target, then flush the folder so the rename itself survives a
// power cut (else a first write, such as a new identity's vault, could vanish with it).
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory } from './storage/durable-files';

export interface AtomicWriteOptions {
  /** POSIX permission bits of a newly created file; secrets use 0o600. */
  readonly mode?: number;
}

export const writeFileAtomically = async (
  filePath: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> => {
  await mkdir(path.dirname(filePath), { recursive: true });
  const temporary = `${filePath}.${randomUUID()}.tmp`;
  try {
    const handle = await open(temporary, 'wx', options.mode ?? 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // rename() replaces the target in one step on POSIX and, through MoveFileEx, on Windows.
    await rename(temporary, filePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(path.dirname(filePath));
};
