// The reference: the same corpus in SQLite FTS5 the way Signal Desktop keeps its messages (a messages table, an
// FTS5 table over the bodies sharing its rowid, written in the same transaction; a search joins the two and takes
// the newest 50 with snippet()). Tokenizer unicode61 with remove_diacritics 2, as close as SQLite's own
// tokenizers come to Parley's folding. On disk in a temporary folder, WAL journal, as an app would run it.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CHECKSUM_START, checksum, createCorpus, type QueryCandidates } from './corpus';
import type { BenchQuery } from './queries';

const CHUNK = 10_000;

export interface Fts5Corpus {
  readonly importSec: number;
  readonly checksum: number;
  readonly candidates: QueryCandidates;
  /** Runs each query once; its time in ms and how many results it gave. */
  readonly run: (queries: readonly BenchQuery[]) => { ms: number; results: number }[];
  readonly close: () => void;
}

export const loadFts5 = (seed: number, messages: number, conversations: number): Fts5Corpus => {
  const directory = mkdtempSync(join(tmpdir(), 'parley-bench-fts5-'));
  const db = new Database(join(directory, 'archive.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE messages (
      rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, conversation TEXT NOT NULL, sent_at INTEGER NOT NULL,
      direction TEXT NOT NULL, body TEXT NOT NULL);
    CREATE INDEX messages_by_time ON messages (sent_at);
    CREATE INDEX messages_by_conversation ON messages (conversation, sent_at);
    CREATE VIRTUAL TABLE messages_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');
  `);
  const corpus = createCorpus({ seed, messages, conversations, collect: true });
  const insertMessage = db.prepare(
    'INSERT INTO messages (id, conversation, sent_at, direction, body) VALUES (?, ?, ?, ?, ?)',
  );
  const insertText = db.prepare('INSERT INTO messages_fts (rowid, body) VALUES (?, ?)');
  const insertChunk = db.transaction((chunk: ReturnType<typeof corpus.next>) => {
    for (const message of chunk) {
      const peer = corpus.contacts[message.contact]?.peer ?? '';
      const { lastInsertRowid } = insertMessage.run(
        message.id,
        peer,
        message.sentAt,
        message.direction,
        message.text,
      );
      insertText.run(lastInsertRowid, message.text);
    }
  });
  let sum = CHECKSUM_START;
  let spentMs = 0;
  while (!corpus.done()) {
    const chunk = corpus.next(CHUNK);
    sum = checksum(sum, chunk);
    const startedAt = performance.now();
    insertChunk(chunk);
    spentMs += performance.now() - startedAt;
  }
  const search = db.prepare(`
    SELECT messages.id, messages.conversation, messages.sent_at,
      snippet(messages_fts, 0, '<mark>', '</mark>', '…', 20) AS snippet
    FROM messages_fts INNER JOIN messages ON messages.rowid = messages_fts.rowid
    WHERE messages_fts MATCH ?
    ORDER BY messages.sent_at DESC
    LIMIT 50`);
  return {
    importSec: spentMs / 1000,
    checksum: sum,
    candidates: corpus.candidates,
    run: (queries) =>
      queries.map((query) => {
        const startedAt = performance.now();
        const rows = search.all(query.fts5);
        return { ms: performance.now() - startedAt, results: rows.length };
      }),
    close: () => {
      db.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
};
