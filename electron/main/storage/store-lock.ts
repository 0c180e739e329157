// One process owns a store folder: a second would replay a journal mid-write and cut "torn" lines from under
// the first. The lock names its owner; it is stale after a reboot (Linux boot ID), once its process is gone, or
// when it names this process ID with another token (a restarted container reusing the ID).
import { randomUUID } from 'node:crypto';
import { constants, copyFile, link, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../atomic-file';
import { errorCode, readIfPresent } from './durable-files';

export const LOCK_FILE = 'LOCK';
const PROCESS_TOKEN = randomUUID();
const LockOwnerSchema = z.object({
  pid: z.number().int().positive(),
  token: z.string(),
  bootId: z.string().nullable(),
});
type LockOwner = z.infer<typeof LockOwnerSchema>;

const bootId = async (): Promise<string | null> =>
  process.platform === 'linux'
    ? ((await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => null))?.trim() ?? null)
    : null;

const readLockOwner = async (file: string): Promise<LockOwner | null> => {
  const text = (await readIfPresent(file))?.toString('utf8');
  try {
    return LockOwnerSchema.parse(JSON.parse(text ?? '') as unknown);
  } catch {
    return null;
  }
};

/** Creates `file` as a copy of `source` unless it exists: a hard link when the file system has them. */
const createExclusively = async (source: string, file: string): Promise<void> => {
  try {
    await link(source, file);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      throw error;
    }
    await copyFile(source, file, constants.COPYFILE_EXCL);
  }
};

const isRunning = (owner: LockOwner, currentBootId: string | null): boolean => {
  if (owner.bootId !== null && currentBootId !== null && owner.bootId !== currentBootId) {
    return false;
  }
  if (owner.pid === process.pid) {
    return owner.token === PROCESS_TOKEN;
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
};

/** Takes the folder's lock, or throws naming the process that holds it; resolves to its release. */
export const acquireLock = async (directory: string): Promise<() => Promise<void>> => {
  const file = path.join(directory, LOCK_FILE);
  const currentBootId = await bootId();
  const owner: LockOwner = { pid: process.pid, token: PROCESS_TOKEN, bootId: currentBootId };
  // Written aside and linked into place, so the lock never exists without its owner in it.
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFileAtomically(temporary, JSON.stringify(owner), { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await createExclusively(temporary, file);
        return () => rm(file, { force: true });
      } catch (error) {
        if (errorCode(error) !== 'EEXIST' || attempt > 0) {
          throw error;
        }
      }
      const held = await readLockOwner(file);
      if (held && isRunning(held, currentBootId)) {
        throw new Error(
          `The message store ${directory} is in use by process ${held.pid}` +
            (held.pid === process.pid ? ' (this one)' : '') +
            `. If no Parley process is running, delete ${file}.`,
        );
      }
      await rm(file, { force: true });
    }
  } finally {
    await rm(temporary, { force: true });
  }
};
