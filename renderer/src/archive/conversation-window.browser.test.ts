// A conversation window on Chromium's IndexedDB: a reply quotes only a message of its own conversation.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { textMessage } from '../../../shared/messaging/testing/message-store-contract';
import { conversationFrom } from './conversation-window';
import { openDexieMessageStore } from './dexie-message-store';
import { scratchDatabases } from './testing/scratch-databases';

const ME = 'm'.repeat(32) as PeerId;
const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;
const scratch = scratchDatabases('conversation-window');

describe('conversationFrom', () => {
  it('quotes a message of the same conversation, and nothing of another one a reply names', async () => {
    const db = await scratch.archive();
    const store = await openDexieMessageStore(db, { compaction: { idleMs: 60_000 } });
    await store.setContactState(BOB, 'accepted');
    await store.setContactState(CAROL, 'accepted');
    const carols = textMessage(1, CAROL, ME, 1, 'a secret between Carol and me');
    const bobs = textMessage(2, BOB, ME, 1, 'the question');
    const honest = { ...textMessage(3, BOB, ME, 2, 'an answer'), meta: { replyTo: bobs.id } };
    const forged = { ...textMessage(4, BOB, ME, 3, 'a trick'), meta: { replyTo: carols.id } };
    for (const message of [carols, bobs, honest, forged]) {
      await store.receive(message, message.sentAt, false);
    }
    const { messages } = await conversationFrom(db, bobs.conversation, null);
    expect(messages.map((view) => [view.text, view.replyTo?.text])).toEqual([
      ['the question', undefined],
      ['an answer', 'the question'],
      ['a trick', undefined],
    ]);
    await store.stop();
  });
});
