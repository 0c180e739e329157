// The file message store on a real folder erasing disappearing messages: once their expiry passes they are gone
// from what it answers and from its files, sent and received alike, and nothing else changes.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MAX_TIME_MS, type Message } from '../../../shared/messaging/message-format';
import {
  BOB,
  LOCAL,
  reactionMessage,
  textMessage,
} from '../../../shared/messaging/testing/message-store-contract/samples';
import { encodeLine } from './journal-lines';
import { useStoreFolder } from './testing/store-folder';

const expiring = (message: Message, expiresAt: number): Message => ({ ...message, meta: { expiresAt } });

describe('file message store on disk', () => {
  const folder = useStoreFolder();

  describe('times past what a Date holds', () => {
    it('opens a journal an older version wrote with such a time, the time brought within range', async () => {
      const store = await folder.openStore();
      const received = textMessage(1, BOB, LOCAL, 1, 'dated at the end of time');
      await store.receive(received, 10, false);
      await store.close();
      // As an older version stored it: the same line with a sentAt of 2^53 - 1, checksummed anew.
      const journal = await folder.journalPath();
      const lines = (await readFile(journal, 'utf8')).split(/(?<=\n)/);
      const rewritten = lines.map((line) => {
        const json = line.slice(line.indexOf(' ') + 1).trimEnd();
        return json.includes(`"sentAt":${received.sentAt}`)
          ? encodeLine(json.replace(`"sentAt":${received.sentAt}`, `"sentAt":${2 ** 53 - 1}`))
          : line;
      });
      await writeFile(journal, rewritten.join(''));

      const reopened = await folder.openStore();
      expect((await reopened.incoming(received.id))?.message.sentAt).toBe(MAX_TIME_MS);
    });
  });

  describe('disappearing messages', () => {
    it('erases messages whose expiry passed, from its answers and its files, and tells the next expiry', async () => {
      const store = await folder.openStore();
      const received = expiring(textMessage(1, BOB, LOCAL, 1, 'received secret'), 1_000);
      const kept = textMessage(2, BOB, LOCAL, 2, 'no timer');
      await store.receive(received, 10, false);
      await store.receive(kept, 10, false);
      const sent = await store.createOutgoing(BOB, (seq) =>
        expiring(textMessage(3, LOCAL, BOB, seq, 'sent secret'), 2_000),
      );
      expect(await store.nextExpiry()).toBe(1_000);
      await store.expire(500);
      expect(await store.incoming(received.id)).not.toBeNull();

      await store.expire(1_500);
      expect(await store.nextExpiry()).toBe(2_000);
      expect(await store.incoming(received.id)).toBeNull();
      expect(await store.incoming(kept.id)).not.toBeNull();
      // Known by ID still: a late copy is not stored again.
      expect(await store.receive(received, 20, false)).toBe('duplicate');
      expect(await folder.filesText()).not.toContain('received secret');

      await store.expire(2_500);
      expect(await store.nextExpiry()).toBeUndefined();
      expect(await store.outgoing(sent.id)).toBeNull();
      expect(await store.outbox(BOB, 10)).toEqual([]);
      expect(await folder.filesText()).not.toContain('sent secret');
      // The recipient's numbering goes on past the erased message.
      const next = await store.createOutgoing(BOB, (seq) => textMessage(4, LOCAL, BOB, seq));
      expect(next.seq).toBe(sent.seq + 1);
      await store.close();

      const reopened = await folder.openStore();
      expect(await reopened.incoming(received.id)).toBeNull();
      expect(await reopened.incoming(kept.id)).not.toBeNull();
      expect(await reopened.outgoing(sent.id)).toBeNull();
      expect(await reopened.outgoing(next.id)).toMatchObject({ status: 'pending' });
      expect((await reopened.createOutgoing(BOB, (seq) => textMessage(5, LOCAL, BOB, seq))).seq).toBe(
        next.seq + 1,
      );
    });

    it('does not keep a reaction that comes after the text of ours it names expired, before or after a reopen', async () => {
      const store = await folder.openStore();
      const sent = await store.createOutgoing(BOB, (seq) =>
        expiring(textMessage(1, LOCAL, BOB, seq, 'sent secret'), 1_000),
      );
      await store.expire(1_500);
      const early = reactionMessage(2, BOB, LOCAL, 1, sent.id, '👍');
      // Taken (its ID known, so it is acknowledged), but not kept: the text it names is gone.
      expect(await store.receive(early, 2_000, false)).toBe('stored');
      expect(await store.incoming(early.id)).toBeNull();
      expect(await store.nextExpiry()).toBeUndefined();
      await store.close();

      // Reopened from the journal; then with a snapshot written (the journal folded into it at once).
      for (const [n, compactAtBytes] of [
        [3, undefined],
        [4, 1],
      ] as const) {
        const reopened = await folder.openStore(compactAtBytes === undefined ? {} : { compactAtBytes });
        const late = reactionMessage(n, BOB, LOCAL, n - 1, sent.id, '🎉');
        expect(await reopened.receive(late, 3_000, false)).toBe('stored');
        expect(await reopened.incoming(late.id)).toBeNull();
        expect(await reopened.receive(early, 3_000, false)).toBe('duplicate');
        await reopened.close();
      }
      expect(await readdir(folder.directory)).toContain('snapshot.log');
      const last = await folder.openStore();
      const latest = reactionMessage(5, BOB, LOCAL, 4, sent.id, '🙏');
      expect(await last.receive(latest, 4_000, false)).toBe('stored');
      expect(await last.incoming(latest.id)).toBeNull();
      await last.close();
    });
  });
});
