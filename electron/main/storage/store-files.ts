// The files of a store folder: a snapshot naming its generation, and that generation's journal, which begins
// with a header line naming the generation too, so a journal left over from another generation is recognised.
import type { FileHandle } from 'node:fs/promises';
import { encodeLine } from './journal-lines';
import { FORMAT_VERSION } from './store-state';

export const SNAPSHOT_FILE = 'snapshot.log';
export const JOURNAL_NAME = /^journal-(\d+)\.log$/;
export const journalFile = (generation: number): string => `journal-${generation}.log`;

export const journalHeader = (generation: number): string =>
  encodeLine(JSON.stringify({ type: 'journal', v: FORMAT_VERSION, generation }));

/** The journal open for appends. */
export interface Journal {
  readonly handle: FileHandle;
  readonly generation: number;
  bytes: number;
}
