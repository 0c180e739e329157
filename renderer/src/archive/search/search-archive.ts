// Full-text search over the archive. Each text message carries index keys `word \0 time` for its distinct folded
// words (word-keys.ts, a Dexie multiEntry index), written in the same transaction as the message, so the index
// is always exactly the messages there are: nothing to rebuild, and a deleted or expired message leaves the
// index with its record.
//
// A query walks one stream of index entries newest first and checks each message against the whole query until
// a page is full: the sparsest of its words (each word's first step shows how far back it reaches), else its
// prefix (the merged entries of every word it begins), else, for filters alone or a prefix that begins too many
// words, the archive by time. Results are newest first: sentAt, then ID, descending; within one conversation,
// its display order reversed.
import { Dexie } from 'dexie';
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { ArchiveDb, MessageRecord } from '../archive-db';
import type { SearchQuery } from './search-query';
import { snippetOf, type Snippet } from './snippet';
import { mergedStream, startingWith, wordStream, type EntryStream } from './entry-streams';
import { foldedWords } from './text-folding';
import { distinctWords, readBackwards } from './word-index';
import { prefixRange, timeOf, wordOf, wordRange } from './word-keys';

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
  /** Index entries read per step (tests make it small, to cover steps and merges on small corpora). */
  readonly step?: number;
  /** A prefix that begins more words than this is searched by time (tests move it to cover both ways). */
  readonly prefixWordLimit?: number;
  /** Only this conversation (find in a conversation). */
  readonly conversation?: string;
}

/** Index entries read per step: about what one page of results needs when most of them match. */
const STEP = 100;
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

/** Which stream of index entries a query walks; null to read the archive by time instead. */
const streamFor = async (
  idb: IDBDatabase,
  query: SearchQuery,
  step: number,
  prefixWordLimit: number,
): Promise<EntryStream | null> => {
  const bounds = { after: query.after, before: query.before };
  const words = [...new Set([...query.words, ...query.phrases.flat()])];
  if (words.length > 0) {
    const probes = await Promise.all(
      words.map(async (word) => {
        const range = wordRange(word, bounds.after, bounds.before);
        return { word, ...(await readBackwards(idb, range.lower, range.upper, step)) };
      }),
    );
    // The sparsest word: one that ran out (fewest entries first), else the one whose step reached furthest back.
    const reach = (probe: (typeof probes)[number]) =>
      probe.exhausted
        ? [0, probe.entries.length]
        : [1, -timeOf(probe.entries[probe.entries.length - 1]?.key ?? '')];
    const [sparsest] = [...probes].sort((a, b) => {
      const [ka, va] = reach(a);
      const [kb, vb] = reach(b);
      return (ka ?? 0) - (kb ?? 0) || (va ?? 0) - (vb ?? 0);
    });
    if (!sparsest) {
      return null;
    }
    const last = sparsest.entries[sparsest.entries.length - 1];
    const rest: EntryStream =
      sparsest.exhausted || last === undefined
        ? { next: () => Promise.resolve(null) }
        : wordStream(idb, sparsest.word, bounds, step, last.key);
    return startingWith(sparsest.entries, rest);
  }
  if (query.prefix !== null) {
    const range = prefixRange(query.prefix);
    const begun = await distinctWords(idb, range.lower, range.upper, prefixWordLimit);
    // A prefix that begins very many words is common: the archive by time finds its page soonest.
    return begun === null
      ? null
      : mergedStream(
          begun.map((word) => wordStream(idb, word, bounds, step)),
          step,
        );
  }
  return null;
};

/** Reads `stream`'s messages a step at a time, keeping those that match, until `limit` are found. */
const walk = async (
  db: ArchiveDb,
  stream: EntryStream,
  matches: (record: MessageRecord) => boolean,
  limit: number,
): Promise<MessageRecord[]> => {
  const found: MessageRecord[] = [];
  const seen = new Set<string>();
  for (let chunk = await stream.next(); chunk !== null; chunk = await stream.next()) {
    // A message with several words under one prefix comes once per word, side by side.
    const ids = chunk.map((entry) => entry.id).filter((id) => !seen.has(id) && seen.add(id));
    const records = await db.messages.bulkGet(ids);
    found.push(
      ...records.filter((record): record is MessageRecord => record !== undefined && matches(record)),
    );
    // Full once the oldest of the first `limit` is newer than anything left (later entries are older, or of
    // the same time: those are read too, as the order within one time is settled below).
    const cutoff =
      found.length >= limit
        ? found.map((record) => record.sentAt).sort((a, b) => b - a)[limit - 1]
        : undefined;
    const lastTime = timeOf(chunk[chunk.length - 1]?.key ?? '');
    if (cutoff !== undefined && lastTime < cutoff) {
      break;
    }
  }
  return found;
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
  const stream = await streamFor(
    db.backendDB(),
    query,
    options.step ?? STEP,
    options.prefixWordLimit ?? PREFIX_WORD_LIMIT,
  );
  if (stream !== null) {
    const found = await walk(db, stream, matches, options.limit);
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
