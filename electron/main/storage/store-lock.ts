// One process owns a store folder: a second would replay a journal mid-write and cut "torn" lines from under
// the first. The lock names its owner; it is stale after a reboot (Linux boot ID), once its process is gone, or
// when it names this process ID with another token (a restarted container reusing the ID). Of processes that find
// it stale together, exactly one takes it over (see `take`).
import { createHash, randomUUID } from 'node:crypto';
import { constants, copyFile, link, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../atomic-file';
import { errorCode, readIfPresent } from './durable-files';

export const LOCK_FILE = 'LOCK';
/** Each attempt either takes the lock or finds it released meanwhile (or replaced under our feet); a few suffice. */
const MAX_ATTEMPTS = 8;
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

/** The owner a lock (or claim) file names; null when it is damaged, which counts as stale. */
const parseLockOwner = (bytes: Buffer): LockOwner | null => {
  try {
    return LockOwnerSchema.parse(JSON.parse(bytes.toString('utf8')) as unknown);
  } catch {
    return null;
  }
};

/** Creates `file` as a copy of `source` unless it exists: a hard link when the file system has them. */
const createExclusively = async (source: string, file: string): Promise<boolean> => {
  try {
    await link(source, file);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      return false;
    }
  }
  try {
    await copyFile(source, file, constants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      return false;
    }
    throw error;
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

/** The claim that whoever replaces a stale file holding `held` must hold while doing it. */
export const takeoverClaimFile = (directory: string, held: Uint8Array): string =>
  path.join(
    directory,
    `${LOCK_FILE}.${createHash('sha256').update(held).digest('hex').slice(0, 32)}.takeover`,
  );

/** Takes the folder's lock, or throws naming the process that holds it; resolves to its release. */
export const acquireLock = async (directory: string): Promise<() => Promise<void>> => {
  const file = path.join(directory, LOCK_FILE);
  const currentBootId = await bootId();
  const owner: LockOwner = { pid: process.pid, token: PROCESS_TOKEN, bootId: currentBootId };
  // Written aside and linked into place, so the lock never exists without its owner in it.
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFileAtomically(temporary, JSON.stringify(owner), { mode: 0o600 });
  const busy = (held: LockOwner): Error =>
    new Error(
      `The message store ${directory} is in use by process ${held.pid}` +
        (held.pid === process.pid ? ' (this one)' : '') +
        `. If no Parley process is running, delete ${file}.`,
    );

  /**
   * Makes `target` ours: creates it, or replaces it when it names a process that is gone. Processes that find
   * the same stale owner must not each remove it and create their own (a late removal deletes the lock another
   * has just taken), so a replacement is made only by whoever holds the claim named for the stale bytes, a
   * file taken the same way; the bytes are compared again under the claim, since only its holder may change them.
   */
  const take = async (target: string): Promise<void> => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      if (await createExclusively(temporary, target)) {
        return;
      }
      const held = await readIfPresent(target);
      if (held === null) {
        continue; // released meanwhile
      }
      const heldOwner = parseLockOwner(held);
      if (heldOwner && isRunning(heldOwner, currentBootId)) {
        throw busy(heldOwner);
      }
      const claim = takeoverClaimFile(directory, held);
      await take(claim);
      try {
        if ((await readIfPresent(target))?.equals(held)) {
          await writeFileAtomically(target, JSON.stringify(owner), { mode: 0o600 });
          return;
        }
      } finally {
        await rm(claim, { force: true });
      }
    }
    throw new Error(`The message store ${directory} changed hands too often to take its lock; try again.`);
  };

  try {
    await take(file);
    return () => rm(file, { force: true });
  } finally {
    await rm(temporary, { force: true });
  }
};
