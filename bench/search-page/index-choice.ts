// The index choice (docs/SEARCH_INDEX.md): the same corpus in MiniSearch and FlexSearch, in memory, beside the
// Dexie multiEntry index the archive has. Each library gets the archive's own folding as its tokenizer, so all
// three find the same words; a query's time covers what the app's search returns: every match, the newest 50,
// their records read from the archive, and snippets. Persisting is timed as an app would have to do it: the
// whole index serialized into IndexedDB, and read back and loaded at start-up.
import { Index as FlexIndex } from 'flexsearch';
import MiniSearch from 'minisearch';
import { Dexie } from 'dexie';
import { openArchiveDb, type ArchiveDb, type MessageRecord } from '../../renderer/src/archive/archive-db';
import { snippetOf } from '../../renderer/src/archive/search/snippet';
import { foldedWords, foldWord, indexWords } from '../../renderer/src/archive/search/text-folding';
import { createCorpus } from '../search/corpus';
import type { BenchQuery } from '../search/queries';

interface Held {
  ids: string[];
  texts: string[];
  mini: MiniSearch | null;
  flex: FlexIndex | null;
}

const held: Held = { ids: [], texts: [], mini: null, flex: null };
const SCRATCH = 'parley-bench-index-choice';

const idbPut = (key: string, value: unknown): Promise<void> =>
  new Promise((resolve, reject) => {
    const open = indexedDB.open(SCRATCH, 1);
    open.onupgradeneeded = () => open.result.createObjectStore('blobs');
    open.onerror = () => reject(open.error ?? new Error('open failed'));
    open.onsuccess = () => {
      const transaction = open.result.transaction('blobs', 'readwrite');
      transaction.objectStore('blobs').put(value, key);
      transaction.oncomplete = () => {
        open.result.close();
        resolve();
      };
      transaction.onerror = () => reject(transaction.error ?? new Error('write failed'));
    };
  });

const idbGet = (key: string): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const open = indexedDB.open(SCRATCH, 1);
    open.onupgradeneeded = () => open.result.createObjectStore('blobs');
    open.onerror = () => reject(open.error ?? new Error('open failed'));
    open.onsuccess = () => {
      const request = open.result.transaction('blobs').objectStore('blobs').get(key);
      request.onsuccess = () => {
        open.result.close();
        resolve(request.result);
      };
      request.onerror = () => reject(request.error ?? new Error('read failed'));
    };
  });

const miniOptions = {
  fields: ['text'],
  tokenize: foldedWords,
  processTerm: (term: string) => term,
};

/** Matches as ordinals (corpus order is time order): the newest 50, read from the archive, with snippets. */
const firstPage = async (db: ArchiveDb, ordinals: readonly number[], query: BenchQuery) => {
  const newest = [...ordinals].sort((a, b) => b - a).slice(0, 50);
  const records = await db.messages.bulkGet(newest.map((ordinal) => held.ids[ordinal] ?? ''));
  const terms = query.kind === 'prefix' ? [] : foldedWords(query.parley);
  const prefix = query.kind === 'prefix' ? foldWord(query.parley) : null;
  return records
    .filter((record): record is MessageRecord => record !== undefined)
    .map((record) =>
      snippetOf(
        record.message.t === 'text' ? record.message.body.text : '',
        (word) => terms.includes(word) || (prefix !== null && word.startsWith(prefix)),
      ),
    );
};

const timed = async <T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> => {
  const startedAt = performance.now();
  const value = await run();
  return { ms: performance.now() - startedAt, value };
};

export const indexChoice = {
  /** Makes the corpus again (as the archive import did) and keeps its texts; ms spent folding every text. */
  prepare(seed: number, messages: number, conversations: number): { foldMs: number } {
    const corpus = createCorpus({ seed, messages, conversations });
    held.ids = [];
    held.texts = [];
    while (!corpus.done()) {
      for (const message of corpus.next(10_000)) {
        held.ids.push(message.id);
        held.texts.push(message.text);
      }
    }
    const startedAt = performance.now();
    for (const text of held.texts) {
      indexWords(text);
    }
    return { foldMs: performance.now() - startedAt };
  },
  /**
   * What the words index adds to writing messages: the same records (id, time, text) bulk-written with and without
   * a multiEntry index of their words, 2,000 per transaction, each in a scratch database; and the disk it takes.
   */
  async dexieWordsCost(): Promise<{ withWordsMs: number; withoutWordsMs: number; extraBytes: number }> {
    const write = async (name: string, words: boolean) => {
      const db = new Dexie(name);
      db.version(1).stores({ messages: words ? 'id, sentAt, *words' : 'id, sentAt' });
      await db.open();
      const table = db.table<{ id: string; sentAt: number; text: string; words?: string[] }, string>(
        'messages',
      );
      const before = (await navigator.storage.estimate()).usage ?? 0;
      const startedAt = performance.now();
      for (let at = 0; at < held.texts.length; at += 2_000) {
        const records = held.texts.slice(at, at + 2_000).map((text, offset) => ({
          id: held.ids[at + offset] ?? '',
          sentAt: at + offset,
          text,
          ...(words ? { words: indexWords(text) } : {}),
        }));
        await table.bulkAdd(records);
      }
      const ms = performance.now() - startedAt;
      const bytes = ((await navigator.storage.estimate()).usage ?? 0) - before;
      db.close();
      await Dexie.delete(name);
      return { ms, bytes };
    };
    const without = await write(`${SCRATCH}-plain`, false);
    const withWords = await write(`${SCRATCH}-words`, true);
    return {
      withWordsMs: withWords.ms,
      withoutWordsMs: without.ms,
      extraBytes: withWords.bytes - without.bytes,
    };
  },
  buildMiniSearch(): { buildMs: number } {
    const startedAt = performance.now();
    const index = new MiniSearch<{ id: number; text: string }>(miniOptions);
    index.addAll(held.texts.map((text, id) => ({ id, text })));
    held.mini = index;
    return { buildMs: performance.now() - startedAt };
  },
  buildFlexSearch(): { buildMs: number } {
    const startedAt = performance.now();
    // "forward" indexes every word's prefixes, which prefix queries need (so every query matches prefixes).
    const index = new FlexIndex({ tokenize: 'forward', encode: foldedWords });
    held.texts.forEach((text, id) => index.add(id, text));
    held.flex = index;
    return { buildMs: performance.now() - startedAt };
  },
  async search(
    library: 'minisearch' | 'flexsearch',
    dbName: string,
    queries: readonly BenchQuery[],
  ): Promise<{ ms: number; results: number }[]> {
    const db = await openArchiveDb(dbName);
    const out: { ms: number; results: number }[] = [];
    for (const query of queries) {
      const { ms, value } = await timed(async () => {
        let ordinals: number[];
        if (library === 'minisearch') {
          const index = held.mini;
          if (!index) {
            throw new Error('build MiniSearch first');
          }
          ordinals = index
            .search(query.parley.trim(), { combineWith: 'AND', prefix: query.kind === 'prefix' })
            .map((result) => Number(result.id));
        } else {
          const index = held.flex;
          if (!index) {
            throw new Error('build FlexSearch first');
          }
          ordinals = index.search(query.parley.trim(), { limit: held.texts.length }).map(Number);
        }
        return firstPage(db, ordinals, query);
      });
      out.push({ ms, results: value.length });
    }
    db.close();
    return out;
  },
  /** Whole-index persistence: serialize and store; then read back and load (what every start-up would pay). */
  async persist(library: 'minisearch' | 'flexsearch') {
    if (library === 'minisearch') {
      const index = held.mini;
      if (!index) {
        throw new Error('build MiniSearch first');
      }
      const saved = await timed(async () => {
        const json = JSON.stringify(index);
        await idbPut('minisearch', json);
        return json.length;
      });
      const loaded = await timed(async () => {
        const json = (await idbGet('minisearch')) as string;
        return MiniSearch.loadJSON(json, miniOptions).documentCount;
      });
      const update = await timed(() => {
        index.add({ id: held.texts.length, text: held.texts[0] ?? '' });
        return JSON.stringify(index).length;
      });
      return { saveMs: saved.ms, chars: saved.value, loadMs: loaded.ms, addOneAndSerializeMs: update.ms };
    }
    const index = held.flex;
    if (!index) {
      throw new Error('build FlexSearch first');
    }
    const saved = await timed(async () => {
      const parts: [string, string][] = [];
      // Its export calls back synchronously, once per part of the index.
      index.export((key, data) => {
        parts.push([key, data]);
      });
      await idbPut('flexsearch', parts);
      return parts.reduce((sum, [, data]) => sum + data.length, 0);
    });
    const loaded = await timed(async () => {
      const parts = (await idbGet('flexsearch')) as [string, string][];
      const fresh = new FlexIndex({ tokenize: 'forward', encode: foldedWords });
      parts.forEach(([key, data]) => fresh.import(key, data));
      return parts.length;
    });
    const update = await timed(() => {
      index.add(held.texts.length, held.texts[0] ?? '');
      let chars = 0;
      index.export((_key, data) => {
        chars += data.length;
      });
      return chars;
    });
    return { saveMs: saved.ms, chars: saved.value, loadMs: loaded.ms, addOneAndSerializeMs: update.ms };
  },
  release(): void {
    held.mini = null;
    held.flex = null;
  },
  async dropScratch(): Promise<void> {
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(SCRATCH);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
  },
};
