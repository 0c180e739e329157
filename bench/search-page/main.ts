// The search bench's page: the corpus is made here in chunks and imported through the app's own import (each
// chunk an archive file: parseArchiveFile, then importArchive, which writes every message with its search words
// in the same transaction); queries go through the app's own search (parseSearchQuery, searchArchive: first page
// of 50 with snippets). Times are performance.now() around exactly those calls.
import type { PeerId } from '../../shared/identity/peer-id';
import { openArchiveDb, type ArchiveDb } from '../../renderer/src/archive/archive-db';
import { searchArchive } from '../../renderer/src/archive/search/search-archive';
import { parseSearchQuery } from '../../renderer/src/archive/search/search-query';
import { importArchive, parseArchiveFile } from '../../renderer/src/archive/transfer/archive-import';
import { CHECKSUM_START, checksum, createCorpus } from '../search/corpus';
import { archiveFileText } from './archive-file';
import { indexChoice } from './index-choice';

export interface ImportRequest {
  readonly dbName: string;
  readonly seed: number;
  readonly messages: number;
  readonly conversations: number;
  /** Messages per archive file imported. */
  readonly chunk: number;
  /** Whose archive it is; the corpus's own owner when absent. */
  readonly owner?: string;
}

export interface ImportReport {
  readonly importMs: number;
  readonly generateMs: number;
  readonly imported: number;
  readonly checksum: number;
  /** The newest message's text in the first contact's conversation. */
  readonly latestText: string;
}

const opened = new Map<string, Promise<ArchiveDb>>();
const archive = (name: string): Promise<ArchiveDb> => {
  const existing = opened.get(name);
  if (existing) {
    return existing;
  }
  const db = openArchiveDb(name);
  opened.set(name, db);
  return db;
};

const bench = {
  async importCorpus(request: ImportRequest): Promise<ImportReport> {
    const db = await archive(request.dbName);
    const corpus = createCorpus(request);
    const owner = (request.owner ?? corpus.owner) as PeerId;
    let importMs = 0;
    let generateMs = 0;
    let imported = 0;
    let sum = CHECKSUM_START;
    let latestText = '';
    let first = true;
    while (!corpus.done()) {
      const madeAt = performance.now();
      const chunk = corpus.next(request.chunk);
      sum = checksum(sum, chunk);
      latestText = chunk.findLast((message) => message.contact === 0)?.text ?? latestText;
      const text = archiveFileText(owner, corpus.contacts, chunk, first);
      first = false;
      const startedAt = performance.now();
      generateMs += startedAt - madeAt;
      const file = parseArchiveFile(text, owner);
      if (!file.ok) {
        throw new Error(file.error.message);
      }
      const outcome = await importArchive(db, file.value, Date.now()).catch((error: unknown) => {
        // Dexie's errors name their cause (quota, abort); say it before the page's evaluate loses it.
        const { name, message, inner } = error as { name?: string; message?: string; inner?: unknown };
        console.error(
          `import failed after ${String(imported)}: ${String(name)}: ${String(message)} ${String(inner)}`,
        );
        throw error;
      });
      importMs += performance.now() - startedAt;
      imported += outcome.imported;
      if (imported % 100_000 < request.chunk) {
        console.info(`imported ${String(imported)} (${String(Math.round(importMs / 1000))} s)`);
      }
    }
    return { importMs, generateMs, imported, checksum: sum, latestText };
  },
  /** Runs each query once, in order; its time in ms and how many results it gave. */
  async search(dbName: string, inputs: readonly string[]): Promise<{ ms: number; results: number }[]> {
    const db = await archive(dbName);
    const names = new Map<PeerId, string>();
    const out: { ms: number; results: number }[] = [];
    for (const input of inputs) {
      const startedAt = performance.now();
      const results = await searchArchive(db, parseSearchQuery(input), { limit: 50, names });
      out.push({ ms: performance.now() - startedAt, results: results.length });
    }
    return out;
  },
  indexChoice,
  async drop(dbName: string): Promise<void> {
    const db = await opened.get(dbName);
    opened.delete(dbName);
    db?.close();
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(dbName);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
  },
};

declare global {
  interface Window {
    parleySearchBench: typeof bench;
  }
}
window.parleySearchBench = bench;
const status = document.getElementById('status');
if (status) {
  status.textContent = 'ready';
}
