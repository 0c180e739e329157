// Fills an app's archive with a long history from one contact, straight into IndexedDB, as if received over the
// years: "old message N" (or the text given for N), all read, one every `spacingMs` (a minute) up to the last.
// Records and search index are made here in Node by the archive's own code (recordOf, postingsOf), so the seed
// has exactly the shape the app writes; the page only stores them.
import { Buffer } from 'node:buffer';
import type { Page } from '@playwright/test';
import type { PeerId } from '../../shared/identity/peer-id';
import type { MessageRecord } from '../../renderer/src/archive/archive-db';
import { recordOf } from '../../renderer/src/archive/message-batches';
import { postingsOf } from '../../renderer/src/archive/search/index-writes';

/** Records per page.evaluate (and per transaction). */
const CHUNK = 5_000;

/** A posting record with its typed arrays as base64 (page.evaluate carries JSON). */
interface SentPosting {
  readonly bucket: number;
  readonly shard: string;
  readonly segment: number;
  readonly sealed?: number;
  readonly words: readonly string[];
  readonly ends: string;
  readonly refs: string;
  readonly times: string;
}

const base64 = (array: Uint8Array | Uint32Array): string =>
  Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');

const store = (page: Page, me: string, records: readonly MessageRecord[], postings: readonly SentPosting[]) =>
  page.evaluate(
    async ([me, records, postings]) => {
      const bytes = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(`parley-archive-${me}`);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('open failed'));
      });
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction(['messages', 'postingSegments'], 'readwrite');
        const messages = transaction.objectStore('messages');
        records.forEach((record) => messages.put(record));
        const index = transaction.objectStore('postingSegments');
        for (const { ends, refs, times, ...posting } of postings) {
          index.put({
            ...posting,
            ends: new Uint32Array(bytes(ends).buffer),
            refs: bytes(refs),
            times: new Uint32Array(bytes(times).buffer),
          });
        }
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error ?? new Error('write failed'));
      });
      db.close();
    },
    [me, records, postings] as const,
  );

export const seedHistory = async (
  page: Page,
  me: string,
  from: string,
  count: number,
  texts: Readonly<Record<number, string>> = {},
  spacingMs = 60_000,
): Promise<void> => {
  // directConversationId: the two peer IDs, the smaller first.
  const conversation = me < from ? `${me}${from}` : `${from}${me}`;
  const start = Date.now() - (count + 1) * spacingMs;
  const records = Array.from({ length: count }, (_, n): MessageRecord => {
    const id = `01800000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
    const sentAt = start + n * spacingMs;
    const seq = 1_000_000 + n;
    const text = texts[n] ?? `old message ${String(n)}`;
    const message = {
      id,
      from: from as PeerId,
      to: me as PeerId,
      conversation,
      sentAt,
      seq,
      t: 'text' as const,
      body: { text },
    };
    return {
      ...recordOf(message, from as PeerId),
      direction: 'in',
      receivedAt: sentAt,
      request: 0,
      readAt: sentAt,
    };
  });
  for (let at = 0; at < count; at += CHUNK) {
    await store(page, me, records.slice(at, at + CHUNK), []);
  }
  const postings = postingsOf(records).map(({ ends, refs, times, ...posting }): SentPosting => ({
    ...posting,
    ends: base64(ends),
    refs: base64(refs),
    times: base64(times),
  }));
  for (let at = 0; at < postings.length; at += 200) {
    await store(page, me, [], postings.slice(at, at + 200));
  }
};
