// Search against a naive scan, on Chromium's IndexedDB: random corpora (words in several scripts, accents and
// cases, links, two senders, several conversations, colliding timestamps) and random queries (words, prefixes,
// phrases, filters) give the same results in the same order. The scan below is written apart from the search
// code: it folds with String.normalize and a regex, not with the index's functions.
import { Dexie } from 'dexie';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { PeerId } from '../../../../shared/identity/peer-id';
import { directConversationId, type Message } from '../../../../shared/messaging/message-format';
import { openArchiveDb, type ArchiveDb, type MessageRecord } from '../archive-db';
import { recordOf } from '../message-batches';
import { searchArchive } from './search-archive';
import { parseSearchQuery } from './search-query';

const ME = 'm'.repeat(32) as PeerId;
const PEERS = ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)] as PeerId[];
const NAMES = new Map<PeerId, string>([
  [PEERS[0] as PeerId, 'ana'],
  [PEERS[1] as PeerId, 'bo'],
  [PEERS[2] as PeerId, 'chloé'],
]);
const VOCABULARY = [
  'apple',
  'Apfel',
  'ÉCOLE',
  'ecole',
  'über',
  'uber',
  'привет',
  'мир',
  'café',
  'cafe',
  'naïve',
  'data',
  'date',
  'dating',
  'https://x.test/p',
  'and',
  'the',
];
const T0 = new Date(2026, 0, 10).getTime();
const DAY = 86_400_000;

const opened: string[] = [];
afterAll(async () => {
  for (const name of opened) {
    await Dexie.delete(name);
  }
});

interface Entry {
  readonly words: number[];
  readonly peer: number;
  readonly out: boolean;
  readonly day: number;
}

const entryArb: fc.Arbitrary<Entry> = fc.record({
  words: fc.array(fc.nat(VOCABULARY.length - 1), { minLength: 1, maxLength: 8 }),
  peer: fc.nat(PEERS.length - 1),
  out: fc.boolean(),
  day: fc.nat(20),
});

const messageOf = (entry: Entry, n: number): Message => {
  const peer = PEERS[entry.peer] as PeerId;
  const [from, to] = entry.out ? [ME, peer] : [peer, ME];
  return {
    id: `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    from,
    to,
    conversation: directConversationId(ME, peer),
    // Several messages share a timestamp: the ID breaks the tie.
    sentAt: T0 + entry.day * DAY + (n % 3) * 1000,
    seq: n + 1,
    t: 'text',
    body: { text: entry.words.map((word) => VOCABULARY[word]).join(n % 2 ? ' ' : ', ') },
  };
};

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
const wordsOf = (text: string) =>
  fold(text)
    .split(/[^\p{L}\p{N}.:/]+/u)
    .flatMap((w) => w.split(':'))
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .map((w) => w.replace(/^[.:/]+|[.:/]+$/g, ''));

const queryArb = fc.record({
  words: fc.array(fc.constantFrom(...VOCABULARY.filter((w) => !w.includes(':'))), { maxLength: 2 }),
  prefix: fc.option(fc.constantFrom('ap', 'ec', 'dat', 'ca', 'пр', 'u'), { nil: undefined }),
  phrase: fc.option(
    fc.tuple(fc.constantFrom(...VOCABULARY.slice(0, 6)), fc.constantFrom(...VOCABULARY.slice(0, 6))),
    {
      nil: undefined,
    },
  ),
  from: fc.option(fc.constantFrom('me', 'ana', 'bo', 'chloe'), { nil: undefined }),
  within: fc.option(fc.constantFrom('ana', 'bo'), { nil: undefined }),
  after: fc.option(fc.nat(20), { nil: undefined }),
  hasLink: fc.boolean(),
});

const day = (n: number) => {
  const date = new Date(T0 + n * DAY);
  return `${String(date.getFullYear())}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};

describe('search', () => {
  it('finds what a naive scan finds, in the same order, for any corpus and query', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entryArb, { minLength: 1, maxLength: 60 }),
        queryArb,
        fc.nat(12),
        fc.option(fc.nat(PEERS.length - 1), { nil: undefined }),
        async (entries, q, tuning, onlyWith) => {
          const name = `search-${String(Date.now())}-${String(opened.length)}`;
          opened.push(name);
          const db: ArchiveDb = await openArchiveDb(name);
          try {
            const records: MessageRecord[] = entries.map((entry, n) => {
              const message = messageOf(entry, n);
              const peer = message.from === ME ? message.to : message.from;
              return { ...recordOf(message, peer), direction: message.from === ME ? 'out' : 'in' };
            });
            await db.messages.bulkAdd(records);
            const text =
              [
                ...q.words,
                ...(q.phrase ? [`"${q.phrase.join(' ')}"`] : []),
                ...(q.from ? [`from:${q.from}`] : []),
                ...(q.within ? [`in:${q.within}`] : []),
                ...(q.after === undefined ? [] : [`after:${day(q.after)}`]),
                ...(q.hasLink ? ['has:link'] : []),
                ...(q.prefix ? [q.prefix] : []),
              ].join(' ') + (q.prefix ? '' : ' ');
            const query = parseSearchQuery(text);
            const names = new Map([...NAMES].map(([peer, n]) => [peer, fold(n)]));
            // Some runs search one conversation only (find in a conversation).
            const only =
              onlyWith === undefined ? undefined : directConversationId(ME, PEERS[onlyWith] as PeerId);
            const found = await searchArchive(db, query, {
              limit: 25,
              names,
              // Small probes misjudge how common words are and size windows small; a small word limit sends some
              // prefixes down the scan by time.
              probe: 1 + (tuning % 4),
              windowTarget: 1 + (tuning % 5),
              prefixWordLimit: tuning % 3 === 0 ? 1 : 64,
              ...(only === undefined ? {} : { conversation: only }),
            });

            const expected = records
              .filter((record) => {
                const body = record.message.t === 'text' ? record.message.body.text : '';
                const words = wordsOf(body);
                const peerName = fold(NAMES.get(record.peer) ?? '');
                const [first, second] = (q.phrase ?? []).map(fold);
                const mine = record.direction === 'out';
                return (
                  q.words.map(fold).every((w) => words.includes(w)) &&
                  (!q.prefix || words.some((w) => w.startsWith(fold(q.prefix ?? '')))) &&
                  (!q.phrase || words.some((w, i) => w === first && words[i + 1] === second)) &&
                  (!q.from || (q.from === 'me' ? mine : !mine && peerName === fold(q.from))) &&
                  (!q.within || peerName === fold(q.within)) &&
                  (q.after === undefined || record.sentAt >= new Date(`${day(q.after)}T00:00`).getTime()) &&
                  (!q.hasLink || /https?:\/\//.test(body))
                );
              })
              .filter((record) => only === undefined || record.conversation === only)
              .sort((a, b) =>
                only === undefined
                  ? b.sentAt - a.sentAt || (a.id < b.id ? 1 : -1)
                  : b.sentAt - a.sentAt || (a.from === b.from ? b.seq - a.seq : a.from < b.from ? 1 : -1),
              )
              .slice(0, 25)
              .map((record) => record.id);
            expect(found.map((result) => result.id)).toEqual(expected);
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
