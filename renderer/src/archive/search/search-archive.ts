// Full-text search over the archive. The index (posting records per time bucket and word shard, posting-keys.ts,
// and the queue of messages waiting for them, index-queue.ts) is written in the same transaction as the messages it
// holds (index-writes.ts), so it is always exactly the messages there are: nothing to rebuild, and a deleted or
// expired message leaves the index with its record.
//
// A query with words or a prefix walks the index's buckets from the newest (bucket-walk.ts), reading only the
// messages that have every term; a query of filters alone reads the archive newest first. Results are newest first:
// sentAt, then ID, descending; within one conversation, its display order reversed.
import { Dexie } from 'dexie';
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { ArchiveDb, MessageRecord } from '../archive-db';
import type { SearchQuery } from './search-query';
import { snippetOf, type Snippet } from './snippet';
import { foldedWords } from './text-folding';
import { searchByBuckets, type Term } from './bucket-walk';
import { bucketOf } from './posting-keys';
import type { IndexQueueRecord } from './index-queue';

export interface SearchResult {
  readonly id: string;
  readonly conversation: string;
  /** The conversation's contact. */
  readonly peer: PeerId;
  readonly fromMe: boolean;
  readonly sentAt: number;
  /** A disappearing message's expiry: the results shown stop showing it then, purged or not. */
  readonly expiresAt?: number;
  readonly snippet: Snippet;
}

export interface SearchOptions {
  readonly limit: number;
  /** Folded display names, for from: and in: filters. */
  readonly names: ReadonlyMap<PeerId, string>;
  /** Candidates read at first per bucket (tests make it small, to cover reading in chunks). */
  readonly readChunk?: number;
  /** Only this conversation (find in a conversation). */
  readonly conversation?: string;
}

/** A page, and a quarter more for candidates a filter turns down: most pages take one read of records. */
const READ_CHUNK = 64;
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

const toResult = (record: MessageRecord, query: SearchQuery): SearchResult => {
  const wanted = new Set([...query.words, ...query.phrases.flat()]);
  const { prefix } = query;
  return {
    id: record.id,
    conversation: record.conversation,
    peer: record.peer,
    fromMe: record.direction === 'out',
    sentAt: record.sentAt,
    ...(record.expiresAt === undefined ? {} : { expiresAt: record.expiresAt }),
    snippet: snippetOf(
      textOf(record) ?? '',
      (word) => wanted.has(word) || (prefix !== null && word.startsWith(prefix)),
    ),
  };
};

/** The terms a query's words give, for the walk through the index; null to read the archive by time instead. */
const termsOf = (query: SearchQuery): Term[] | null => {
  const words = [...new Set([...query.words, ...query.phrases.flat()])];
  const terms: Term[] = words.map((word) => ({ word, prefix: false }));
  if (query.prefix !== null) {
    terms.push({ word: query.prefix, prefix: true });
  }
  return terms.length > 0 ? terms : null;
};

/** The newest and oldest buckets of the index and the queue, or null when both are empty. */
const indexSpan = async (
  db: ArchiveDb,
  queued: readonly IndexQueueRecord[],
): Promise<{ newest: number; oldest: number } | null> => {
  const [[first], [last]] = await Promise.all([
    db.postingSegments.orderBy(':id').limit(1).primaryKeys(),
    db.postingSegments.orderBy(':id').reverse().limit(1).primaryKeys(),
  ]);
  let newest = last?.[0] ?? -Infinity;
  let oldest = first?.[0] ?? Infinity;
  // A loop, not Math.max(...): a long queue would pass more arguments than a call takes.
  for (const message of queued) {
    const bucket = bucketOf(message.sentAt);
    newest = Math.max(newest, bucket);
    oldest = Math.min(oldest, bucket);
  }
  return newest === -Infinity ? null : { newest, oldest };
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
  if (terms !== null) {
    // The queue first: a message the compactor moves meanwhile is then in the posting records read after. Queue
    // and span in one read-only transaction: a transaction per request cost more than these reads.
    const { queued, span } = await db.transaction('r', [db.indexQueue, db.postingSegments], async () => {
      const queue = await db.indexQueue.toArray();
      return { queued: queue, span: await indexSpan(db, queue) };
    });
    if (span === null) {
      return [];
    }
    const found = await searchByBuckets(
      db.postingSegments,
      queued,
      span,
      terms,
      { after: query.after, before: query.before },
      {
        limit: options.limit,
        readChunk: options.readChunk ?? READ_CHUNK,
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
