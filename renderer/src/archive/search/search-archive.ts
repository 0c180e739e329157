// Full-text search over the archive. Each text message carries index keys `word \0 time` for its distinct folded
// words (word-keys.ts, a Dexie multiEntry index), written in the same transaction as the message, so the index
// is always exactly the messages there are: nothing to rebuild, and a deleted or expired message leaves the
// index with its record.
//
// A query with words (or a prefix that begins a manageable number of words) goes back through time in windows,
// listing each term's messages from the index and reading only those that have them all (time-windows.ts); a
// query of filters alone, or a prefix that begins very many words, reads the archive newest first. Results are
// newest first: sentAt, then ID, descending; within one conversation, its display order reversed.
import { Dexie } from 'dexie';
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { ArchiveDb, MessageRecord } from '../archive-db';
import type { SearchQuery } from './search-query';
import { snippetOf, type Snippet } from './snippet';
import { foldedWords } from './text-folding';
import { searchByWindows, type Term } from './time-windows';
import { distinctWords } from './word-index';
import { prefixRange, wordOf } from './word-keys';

export interface SearchResult {
  readonly id: string;
  readonly conversation: string;
  /** The conversation's contact. */
  readonly peer: PeerId;
  readonly fromMe: boolean;
  readonly sentAt: number;
  readonly snippet: Snippet;
}

export interface SearchOptions {
  readonly limit: number;
  /** Folded display names, for from: and in: filters. */
  readonly names: ReadonlyMap<PeerId, string>;
  /** Index entries read per word to judge how common it is (tests make it small, to cover every path). */
  readonly probe?: number;
  /** Index entries of the sparsest term each step back in time aims to list (tests make it small). */
  readonly windowTarget?: number;
  /** A prefix that begins more words than this is searched by time (tests move it to cover both ways). */
  readonly prefixWordLimit?: number;
  /** Only this conversation (find in a conversation). */
  readonly conversation?: string;
}

/** Index entries read per word to judge how common it is. */
const PROBE = 100;
/** About 400 IDs a step: one cheap index read, and most pages need one or two steps. */
const WINDOW_TARGET = 400;
/** Past this many words under a prefix, merging their entries costs more than reading the archive by time. */
const PREFIX_WORD_LIMIT = 64;
const LINK = /\bhttps?:\/\/\S/i;

const textOf = (record: MessageRecord): string | null =>
  record.message.t === 'text' ? record.message.body.text : null;

const containsPhrase = (words: readonly string[], phrase: readonly string[]): boolean =>
  words.some((_, at) => phrase.every((word, offset) => words[at + offset] === word));

/** Whether `who` (a folded name or peer ID prefix) names `peer`. */
const names = (who: string, peer: PeerId, options: SearchOptions): boolean =>
  peer.startsWith(who) || options.names.get(peer) === who;

export const matchesQuery = (record: MessageRecord, query: SearchQuery, options: SearchOptions): boolean => {
  const text = textOf(record);
  if (text === null) {
    return false;
  }
  const words = (record.wordKeys ?? []).map(wordOf);
  if (!query.words.every((word) => words.includes(word))) {
    return false;
  }
  const { prefix } = query;
  if (prefix !== null && !words.some((word) => word.startsWith(prefix))) {
    return false;
  }
  if (query.phrases.length > 0) {
    const sequence = foldedWords(text);
    if (!query.phrases.every((phrase) => containsPhrase(sequence, phrase))) {
      return false;
    }
  }
  if (query.from !== null) {
    const fromMe = record.direction === 'out';
    if (!(query.from === 'me' ? fromMe : !fromMe && names(query.from, record.from, options))) {
      return false;
    }
  }
  if (query.in !== null && !names(query.in, record.peer, options)) {
    return false;
  }
  if (query.before !== null && record.sentAt >= query.before) {
    return false;
  }
  if (query.after !== null && record.sentAt < query.after) {
    return false;
  }
  return !query.hasLink || LINK.test(text);
};

/** Newest first: sentAt, then ID, both descending (the order the `sentAt` index gives, reversed). */
const newestFirst = (a: MessageRecord, b: MessageRecord): number =>
  b.sentAt - a.sentAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const compare = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Within one conversation: its display order (sentAt, from, seq, ID), reversed, as its index gives it. */
const newestInConversation = (a: MessageRecord, b: MessageRecord): number =>
  compare(b.sentAt, a.sentAt) || compare(b.from, a.from) || compare(b.seq, a.seq) || compare(b.id, a.id);

const toResult = (record: MessageRecord, query: SearchQuery): SearchResult => {
  const wanted = new Set([...query.words, ...query.phrases.flat()]);
  const { prefix } = query;
  return {
    id: record.id,
    conversation: record.conversation,
    peer: record.peer,
    fromMe: record.direction === 'out',
    sentAt: record.sentAt,
    snippet: snippetOf(
      textOf(record) ?? '',
      (word) => wanted.has(word) || (prefix !== null && word.startsWith(prefix)),
    ),
  };
};

/** The terms a query's words give, for the walk back through time; null to read the archive by time instead. */
const termsOf = async (
  idb: IDBDatabase,
  query: SearchQuery,
  prefixWordLimit: number,
): Promise<Term[] | null> => {
  const words: Term[] = [...new Set([...query.words, ...query.phrases.flat()])].map((word) => [word]);
  if (query.prefix === null) {
    return words.length > 0 ? words : null;
  }
  const range = prefixRange(query.prefix);
  const begun = await distinctWords(idb, range.lower, range.upper, prefixWordLimit);
  if (begun === null) {
    // A prefix that begins very many words is common: checked on the messages, or the archive read by time.
    return words.length > 0 ? words : null;
  }
  return [...words, begun];
};

export const searchArchive = async (
  db: ArchiveDb,
  query: SearchQuery,
  options: SearchOptions,
): Promise<SearchResult[]> => {
  const { conversation } = options;
  const matches = (record: MessageRecord) =>
    (conversation === undefined || record.conversation === conversation) &&
    matchesQuery(record, query, options);
  const idb = db.backendDB();
  const terms = await termsOf(idb, query, options.prefixWordLimit ?? PREFIX_WORD_LIMIT);
  if (terms !== null) {
    const found = await searchByWindows(
      idb,
      terms,
      { after: query.after, before: query.before },
      {
        limit: options.limit,
        probe: options.probe ?? PROBE,
        windowTarget: options.windowTarget ?? WINDOW_TARGET,
        readRecords: (ids) => db.messages.bulkGet([...ids]),
        matches,
      },
    );
    return found
      .sort(conversation === undefined ? newestFirst : newestInConversation)
      .slice(0, options.limit)
      .map((record) => toResult(record, query));
  }
  const upper = query.before ?? Dexie.maxKey;
  const lower = query.after ?? Dexie.minKey;
  // One conversation is read through its own display-order index (newest first, the same order).
  const byTime =
    conversation === undefined
      ? db.messages.where('sentAt').between(lower, upper, true, query.before === null)
      : db.messages
          .where('[conversation+sentAt+from+seq+id]')
          .between([conversation, lower], [conversation, upper], true, query.before === null);
  const newest = await byTime.reverse().filter(matches).limit(options.limit).toArray();
  return newest.map((record) => toResult(record, query));
};
