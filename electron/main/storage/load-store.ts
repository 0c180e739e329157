// Opening a store folder: the snapshot and its journal are read and checked whole into a fresh state; only then
// are leftovers of interrupted writes removed and the journal opened for appends. Any damage but a torn last
// journal line refuses to open rather than lose messages silently.
import { open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { readIfPresent, syncDirectory } from './durable-files';
import { readLines, splitLines } from './journal-lines';
import { JOURNAL_NAME, SNAPSHOT_FILE, journalFile, journalHeader, type Journal } from './store-files';
import {
  applyOperation,
  describeIssue,
  emptyState,
  Inconsistent,
  JournalLineSchema,
  MessageStoreCorruptError,
  type State,
} from './store-state';
import { loadSnapshot } from './store-snapshot';

export interface LoadedStore {
  readonly state: State;
  readonly journal: Journal;
  readonly snapshotBytes: number;
}

interface ReplayedJournal {
  /** Bytes of the journal that hold complete lines; a torn last line past them is cut off. */
  readonly goodBytes: number;
  readonly hasHeader: boolean;
}

/** Replays a journal into `state`. Only its last line may be damaged (a torn write); it is then left out. */
const replayJournal = (bytes: Buffer, state: State, generation: number, file: string): ReplayedJournal => {
  let goodBytes = bytes.length;
  let hasHeader = false;
  for (const { number, start, last, decoded } of readLines(bytes)) {
    const index = number - 1;
    if (!decoded.ok) {
      if (last) {
        goodBytes = start;
        break;
      }
      throw new MessageStoreCorruptError(file, number, decoded.reason);
    }
    const parsed = JournalLineSchema.safeParse(decoded.value);
    if (!parsed.success) {
      throw new MessageStoreCorruptError(file, number, describeIssue(parsed.error));
    }
    const line = parsed.data;
    if (line.type === 'journal') {
      if (index !== 0 || line.generation !== generation) {
        throw new MessageStoreCorruptError(file, number, `a header for generation ${line.generation}`);
      }
      hasHeader = true;
      continue;
    }
    if (!hasHeader) {
      throw new MessageStoreCorruptError(file, number, 'operations before the journal header');
    }
    try {
      line.ops.forEach((op) => applyOperation(state, op));
    } catch (error) {
      throw error instanceof Inconsistent ? new MessageStoreCorruptError(file, number, error.message) : error;
    }
  }
  return { goodBytes, hasHeader };
};

/** Reads the snapshot and journal, checks them whole, and only then tidies up and opens the journal for appends. */
export const loadStore = async (directory: string): Promise<LoadedStore> => {
  const names = await readdir(directory);
  const state = emptyState();
  const snapshot = await readIfPresent(path.join(directory, SNAPSHOT_FILE));
  const generation = snapshot ? loadSnapshot(snapshot, state, SNAPSHOT_FILE) : 0;

  const journalName = journalFile(generation);
  const journalPath = path.join(directory, journalName);
  // Left by a snapshot write that was interrupted.
  const stale = names.filter((name) => name.startsWith(`${SNAPSHOT_FILE}.`) && name.endsWith('.tmp'));
  for (const name of names) {
    const match = JOURNAL_NAME.exec(name);
    const other = match ? Number(match[1]) : generation;
    if (other < generation) {
      stale.push(name);
    } else if (other > generation) {
      // Only an interrupted compaction leaves a newer journal, holding at most its header.
      const bytes = (await readIfPresent(path.join(directory, name))) ?? Buffer.alloc(0);
      if (splitLines(bytes).length > 1) {
        throw new MessageStoreCorruptError(
          name,
          null,
          `it is newer than ${snapshot ? 'the snapshot' : 'any snapshot'}`,
        );
      }
      stale.push(name);
    }
  }
  const bytes = await readIfPresent(journalPath);
  if (!bytes && generation > 0) {
    throw new MessageStoreCorruptError(journalName, null, `it is missing, though ${SNAPSHOT_FILE} names it`);
  }
  const replayed = bytes
    ? replayJournal(bytes, state, generation, journalName)
    : { goodBytes: 0, hasHeader: false };

  await Promise.all(stale.map((name) => rm(path.join(directory, name), { force: true })));
  const handle = await open(journalPath, 'a', 0o600);
  try {
    let size = replayed.goodBytes;
    if (bytes && size < bytes.length) {
      await handle.truncate(size);
    }
    if (!replayed.hasHeader) {
      const header = journalHeader(generation);
      await handle.appendFile(header);
      size = Buffer.byteLength(header);
    }
    await handle.datasync();
    await syncDirectory(directory);
    return { state, journal: { handle, generation, bytes: size }, snapshotBytes: snapshot?.length ?? 0 };
  } catch (error) {
    await handle.close();
    throw error;
  }
};
