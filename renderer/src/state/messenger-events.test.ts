// What the app store does with the messenger's deletion events, on the store's test kit: a message its sender
// deleted for everyone takes a reply being written to it (and the quoted text) out of the store.
import { describe, expect, it } from 'vitest';
import type { MessageId } from '../../../shared/messaging/message-format';
import { BOB, CAROL, setup } from './testing/app-store-kit';

const QUOTED = '01900000-0000-7000-8000-000000000011' as MessageId;
const OTHER = '01900000-0000-7000-8000-000000000012' as MessageId;

describe('messenger events: deletions', () => {
  it('forgets a reply whose message its sender deleted for everyone, and sends the next text plain', async () => {
    const { store, messageStore, emit } = setup();
    await store.getState().createIdentity('Alice');
    await messageStore.setContactState(BOB, 'accepted');
    store.getState().openConversation(BOB);
    store.getState().startReply(BOB, { id: QUOTED, fromMe: false, text: 'never mind this' });
    store.getState().startReply(CAROL, { id: OTHER, fromMe: false, text: 'keep this' });

    emit({ type: 'deleted', ids: [QUOTED], by: BOB });
    expect(store.getState().replyingTo).toEqual({
      [CAROL]: { id: OTHER, fromMe: false, text: 'keep this' },
    });

    expect(await store.getState().sendText('anyway')).toBe(true);
    const [sent] = await messageStore.outbox(BOB, 10);
    expect(sent).toMatchObject({ t: 'text', body: { text: 'anyway' } });
    expect(sent?.meta?.replyTo).toBeUndefined();
  });
});
