// The search bench's page: the corpus is made here in chunks and imported through the app's own import (each
// chunk an archive file: parseArchiveFile, then importArchive, which writes every message with its search words
// in the same transaction); queries go through the app's own search (parseSearchQuery, searchArchive: first page
// of 50 with snippets). Times are performance.now() around exactly those calls.
import type { PeerId } from '../../shared/identity/peer-id';
import { directConversationId, type Message } from '../../shared/messaging/message-format';
import { openArchiveDb, type ArchiveDb } from '../../renderer/src/archive/archive-db';
import { openDexieMessageStore } from '../../renderer/src/archive/dexie-message-store';
import { searchArchive } from '../../renderer/src/archive/search/search-archive';
import { parseSearchQuery } from '../../renderer/src/archive/search/search-query';
import { importArchive, parseArchiveFile } from '../../renderer/src/archive/transfer/archive-import';
import { CHECKSUM_START, checksum, CORPUS_END, createCorpus } from '../search/corpus';
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

export interface ArrivalRequest {
  readonly dbName: string;
  /** The imported corpus's seed: the arrivals come from its busiest contact to its owner. */
  readonly seed: number;
  readonly conversations: number;
  readonly count: number;
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
  /**
   * Stores `count` new incoming texts one at a time, as lone arrivals are (each its own transaction, its search
   * words queued for the index, which the compactor moves into the posting records in batches meanwhile), through
   * the app's own message store; ms each.
   */
  async arrivals(request: ArrivalRequest): Promise<number[]> {
    const db = await archive(request.dbName);
    const store = await openDexieMessageStore(db);
    const imported = createCorpus({ seed: request.seed, messages: 0, conversations: request.conversations });
    const owner = imported.owner as PeerId;
    const from = (imported.contacts[0]?.peer ?? '') as PeerId;
    // Texts and IDs of another seed, sent after everything imported (the newest bucket, as new messages are).
    const fresh = createCorpus({ seed: request.seed + 1, messages: request.count, conversations: 1 }).next(
      request.count,
    );
    const times: number[] = [];
    for (const [index, entry] of fresh.entries()) {
      const message: Message = {
        id: entry.id,
        from,
        to: owner,
        conversation: directConversationId(from, owner),
        sentAt: CORPUS_END + (index + 1) * 1_000,
        seq: 1_000_000_000 + index,
        t: 'text',
        body: { text: entry.text },
      };
      const startedAt = performance.now();
      const outcome = await store.receive(message, message.sentAt + 100, false);
      times.push(performance.now() - startedAt);
      if (outcome !== 'stored') {
        throw new Error(`arrival ${String(index)} was not stored: ${outcome}`);
      }
    }
    await store.stop();
    return times;
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
