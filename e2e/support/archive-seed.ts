// Fills an app's archive with a long history from one contact, straight into IndexedDB, as if received over the
// years: "old message N" (or the text given for N), all read, one every `spacingMs` (a minute) up to the last. Texts are plain
// ASCII, so their index words are simply the lower-cased words (keyed with the time, as the archive keeps them).
import type { Page } from '@playwright/test';

export const seedHistory = (
  page: Page,
  me: string,
  from: string,
  count: number,
  texts: Readonly<Record<number, string>> = {},
  spacingMs = 60_000,
): Promise<void> =>
  page.evaluate(
    async ([me, from, count, texts, spacingMs]) => {
      // directConversationId: the two peer IDs, the smaller first.
      const conversation = me < from ? `${me}${from}` : `${from}${me}`;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(`parley-archive-${me}`);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('open failed'));
      });
      const start = Date.now() - (count + 1) * spacingMs;
      for (let at = 0; at < count; at += 5_000) {
        await new Promise<void>((resolve, reject) => {
          const transaction = db.transaction('messages', 'readwrite');
          const messages = transaction.objectStore('messages');
          for (let n = at; n < Math.min(count, at + 5_000); n += 1) {
            const id = `01800000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
            const sentAt = start + n * spacingMs;
            const seq = 1_000_000 + n;
            const text = texts[n] ?? `old message ${String(n)}`;
            messages.put({
              id,
              direction: 'in',
              conversation,
              peer: from,
              sentAt,
              from,
              seq,
              message: { id, from, to: me, conversation, sentAt, seq, t: 'text', body: { text } },
              receivedAt: sentAt,
              request: 0,
              readAt: sentAt,
              // The index keys of renderer/src/archive/search/word-keys.ts: word, NUL, sentAt in 11 base-36 digits.
              wordKeys: [...new Set(text.toLowerCase().split(/\s+/))].map(
                (word) => `${word}\u0000${sentAt.toString(36).padStart(11, '0')}`,
              ),
            });
          }
          transaction.oncomplete = () => resolve();
          transaction.onerror = () => reject(transaction.error ?? new Error('write failed'));
        });
      }
      db.close();
    },
    [me, from, count, texts, spacingMs] as const,
  );
