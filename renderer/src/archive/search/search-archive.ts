// Full-text search over the archive. Each text message carries its distinct folded words (`words`, a Dexie
// multiEntry index), written in the same transaction as the message, so the index is always exactly the
// messages there are: nothing to rebuild, and a deleted or expired message leaves the index with its record.
//
// A query picks its most selective word (the index counts each): when few messages have it, those are read and
// checked against the rest of the query; when many do, the archive is read newest first through the `sentAt`
// index (or one conversation's display-order index) and checked until a page is full. Either way results are
// newest first: sentAt, then ID, descending; within one conversation, its display order reversed.
import { Dexie } from 'dexie';
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { ArchiveDb, MessageRecord } from '../archive-db';
import type { SearchQuery } from './search-query';
import { snippetOf, type Snippet } from './snippet';
import { foldedWords } from './text-folding';

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
  /** Where reading the rarest word's messages gives way to scanning by time (tests move it to cover both). */
  readonly directReadLimit?: number;
  /** Only this conversation (find in a conversation). */
  readonly conversation?: string;
}

/** Below this many messages for the rarest word, they are read directly; above, the archive is scanned by time. */
const DIRECT_READ_LIMIT = 4_000;
const READ_CHUNK = 500;
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
  const words = record.words ?? [];
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

type Term =
  { readonly kind: 'word'; readonly value: string } | { readonly kind: 'prefix'; readonly value: string };

const termsOf = (query: SearchQuery): Term[] => [
  ...query.words.map((value) => ({ kind: 'word' as const, value })),
  ...query.phrases.flat().map((value) => ({ kind: 'word' as const, value })),
  ...(query.prefix === null ? [] : [{ kind: 'prefix' as const, value: query.prefix }]),
];

const entriesOf = (db: ArchiveDb, term: Term) =>
  term.kind === 'word'
    ? db.messages.where('words').equals(term.value)
    : db.messages.where('words').startsWith(term.value);

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

export const searchArchive = async (
  db: ArchiveDb,
  query: SearchQuery,
  options: SearchOptions,
): Promise<SearchResult[]> => {
  const { conversation } = options;
  const matches = (record: MessageRecord) =>
    (conversation === undefined || record.conversation === conversation) &&
    matchesQuery(record, query, options);
  const terms = termsOf(query);
  const counts = await Promise.all(terms.map((term) => entriesOf(db, term).count()));
  const rarest = terms[counts.indexOf(Math.min(...counts))];
  if (rarest && Math.min(...counts) <= (options.directReadLimit ?? DIRECT_READ_LIMIT)) {
    const keys = [...new Set<string>(await entriesOf(db, rarest).primaryKeys())];
    const found: MessageRecord[] = [];
    for (let at = 0; at < keys.length; at += READ_CHUNK) {
      const records = await db.messages.bulkGet(keys.slice(at, at + READ_CHUNK));
      found.push(
        ...records.filter((record): record is MessageRecord => record !== undefined && matches(record)),
      );
    }
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
