// Appends to the store's journal with group commit: operations queued while a write is under way go out
// together as one checksummed line and one fsync, so a crash can tear only the last line. Between writes, once
// the journal outgrows the last snapshot, it is folded into a new snapshot and a fresh journal.
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../atomic-file';
import { syncDirectory } from './durable-files';
import { encodeLine } from './journal-lines';
import { SNAPSHOT_FILE, journalFile, journalHeader, type Journal } from './store-files';

export interface JournalWriterOptions {
  readonly directory: string;
  readonly journal: Journal;
  readonly snapshotBytes: number;
  /** The journal is folded into a snapshot once larger than this and than the last snapshot (bounds both). */
  readonly compactAtBytes: number;
  /** The snapshot of everything appended so far, naming `generation`. */
  readonly snapshot: (generation: number) => string;
}

export interface JournalWriter {
  /** Queues an operation (as JSON) for the next write; resolves once it is durable. */
  append(operationJson: string): Promise<void>;
  /** Settles once everything appended so far is durable (or failed). */
  readonly durable: Promise<void>;
  /**
   * Folds the journal into a new snapshot after what is queued, whatever their sizes, so content just erased
   * (expired messages) leaves the files; resolves once done (at once if the writer has failed or is closing).
   */
  compactSoon(): Promise<void>;
  /** Why a write failed; once set, nothing more is written. */
  readonly failure: Error | null;
  /** Waits for pending writes, then closes the journal. */
  close(): Promise<void>;
}

interface Batch {
  readonly ops: string[];
  readonly done: Promise<void>;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const newBatch = (): Batch => {
  let resolve = (): void => undefined;
  let reject = (_error: unknown): void => undefined;
  const done = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  // Callers await it; this only keeps a failure nobody waits for from being reported as unhandled.
  done.catch(() => undefined);
  return { ops: [], done, resolve, reject };
};

export const createJournalWriter = (options: JournalWriterOptions): JournalWriter => {
  const { directory, compactAtBytes } = options;
  let journal = options.journal;
  let snapshotBytes = options.snapshotBytes;
  /** Operations applied in memory, waiting for the next write. */
  let queued: Batch | null = null;
  let lastBatch: Promise<void> = Promise.resolve();
  let writer: Promise<void> | null = null;
  let failure: Error | null = null;
  let closing = false;
  let compactRequested = false;

  const compact = async (): Promise<void> => {
    const generation = journal.generation + 1;
    // Taken synchronously while nothing is queued: exactly what the current journal holds.
    const snapshot = options.snapshot(generation);
    const header = journalHeader(generation);
    const handle = await open(path.join(directory, journalFile(generation)), 'ax', 0o600);
    try {
      // The new journal exists (durably) before the snapshot that names it.
      await handle.appendFile(header);
      await handle.datasync();
      await syncDirectory(directory);
      await writeFileAtomically(path.join(directory, SNAPSHOT_FILE), snapshot, { mode: 0o600 });
      await syncDirectory(directory);
    } catch (error) {
      await handle.close();
      throw error;
    }
    const previous = journal;
    journal = { handle, generation, bytes: Buffer.byteLength(header) };
    snapshotBytes = Buffer.byteLength(snapshot);
    await previous.handle.close();
    // Superseded now; if this fails, the next open removes it.
    await rm(path.join(directory, journalFile(previous.generation)), { force: true }).catch(() => undefined);
  };

  const write = async (): Promise<void> => {
    let batch: Batch | null = null;
    try {
      for (;;) {
        batch = queued;
        queued = null;
        if (batch) {
          const line = encodeLine(`{"type":"commit","ops":[${batch.ops.join(',')}]}`);
          await journal.handle.appendFile(line);
          await journal.handle.datasync();
          journal.bytes += Buffer.byteLength(line);
          batch.resolve();
        } else if (
          !closing &&
          (compactRequested || journal.bytes > Math.max(compactAtBytes, snapshotBytes))
        ) {
          compactRequested = false;
          await compact();
        } else {
          return;
        }
      }
    } catch (error) {
      // After a failed write or fsync the file's state is unknown: stop here, and let a reopen replay what is there.
      failure = error instanceof Error ? error : new Error(String(error));
      batch?.reject(failure);
      queued?.reject(failure);
      queued = null;
    } finally {
      writer = null;
    }
  };

  return {
    append(operationJson) {
      if (!queued) {
        queued = newBatch();
        lastBatch = queued.done;
      }
      queued.ops.push(operationJson);
      // Started on a later tick, so calls made together share one write and one fsync.
      writer ??= Promise.resolve().then(write);
      return queued.done;
    },
    get durable() {
      return lastBatch;
    },
    compactSoon() {
      if (failure || closing) {
        return Promise.resolve();
      }
      compactRequested = true;
      writer ??= Promise.resolve().then(write);
      return writer;
    },
    get failure() {
      return failure;
    },
    async close() {
      closing = true;
      await lastBatch.catch(() => undefined);
      await writer;
      await journal.handle.close();
    },
  };
};
