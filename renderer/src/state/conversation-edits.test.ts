// Editing our own texts from the app store, on a real messenger over the memory store: an edit takes the composer
// (the draft waits, and comes back when it ends), a reply and an edit end each other, saving goes through the
// messenger, an unchanged text just ends the edit, and a refused one stays open with its error shown.
import { describe, expect, it } from 'vitest';
import type { MessageId } from '../../../shared/messaging/message-format';
import { BOB, CAROL, setup } from './testing/app-store-kit';

/** Alice, online, with Bob accepted and his conversation open, having sent him `sent`; resolves to its ID. */
const withSentText = async (sent: string) => {
  const kit = setup();
  const { store, messageStore } = kit;
  await store.getState().createIdentity('Alice');
  await messageStore.setContactState(BOB, 'accepted');
  store.getState().openConversation(BOB);
  expect(await store.getState().sendText(sent)).toBe(true);
  const [text] = await messageStore.outbox(BOB, 10);
  if (!text) {
    throw new Error('the text was not queued');
  }
  return { ...kit, id: text.id };
};

describe('conversation slice: edits', () => {
  it('puts the text in the composer, ends the reply, and gives the draft back when cancelled', async () => {
    const { store, id } = await withSentText('see you at 8');
    store.getState().setDraft(BOB, 'half a thought');
    store.getState().startReply(BOB, { id, fromMe: true, text: 'see you at 8' });

    store.getState().startEdit(BOB, { id, text: 'see you at 8' });
    expect(store.getState().editing).toEqual({ [BOB]: { id, text: 'see you at 8' } });
    expect(store.getState().drafts[BOB]).toBe('see you at 8');
    expect(store.getState().replyingTo).toEqual({});

    store.getState().setDraft(BOB, 'see you at 9');
    store.getState().cancelEdit(BOB);
    expect(store.getState().editing).toEqual({});
    expect(store.getState().drafts).toEqual({ [BOB]: 'half a thought' });
  });

  it('keeps the first draft put aside when another edit begins, and a reply begun ends the edit', async () => {
    const { store, id } = await withSentText('first');
    store.getState().startEdit(BOB, { id, text: 'first' });
    store.getState().startEdit(BOB, { id: 'other', text: 'second' });
    expect(store.getState().drafts[BOB]).toBe('second');

    store.getState().startReply(BOB, { id, fromMe: true, text: 'first' });
    expect(store.getState().editing).toEqual({});
    expect(store.getState().replyingTo).toEqual({ [BOB]: { id, fromMe: true, text: 'first' } });
    // Nothing was typed before the first edit: the composer is empty again, for the reply.
    expect(store.getState().drafts).toEqual({});
  });

  it('saves the edit through the messenger instead of sending a text, and gives the draft back', async () => {
    const { store, messageStore, id } = await withSentText('see you at 8');
    store.getState().setDraft(BOB, 'and bring');
    store.getState().startEdit(BOB, { id, text: 'see you at 8' });
    store.getState().setDraft(BOB, 'see you at 9');

    expect(await store.getState().sendText('see you at 9')).toBe(true);
    const outbox = await messageStore.outbox(BOB, 10);
    expect(outbox.map((message) => [message.t, message.body, message.meta?.editOf])).toEqual([
      // The store shows the text edited, and the edit goes out after it.
      ['text', { text: 'see you at 9' }, undefined],
      ['edit', { text: 'see you at 9' }, id],
    ]);
    expect(store.getState()).toMatchObject({ drafts: { [BOB]: 'and bring' }, error: null });
    expect(store.getState().editing).toEqual({});
  });

  it('just ends an edit whose text is unchanged, sending nothing', async () => {
    const { store, messageStore, id } = await withSentText('unchanged');
    store.getState().startEdit(BOB, { id, text: 'unchanged' });

    expect(await store.getState().sendText('unchanged')).toBe(true);
    expect((await messageStore.outbox(BOB, 10)).map((message) => message.t)).toEqual(['text']);
    expect(store.getState().editing).toEqual({});
    expect(store.getState().drafts).toEqual({});
  });

  it('keeps a refused edit open, with its text, and shows the error as a failed send does', async () => {
    const { store, messageStore } = await withSentText('mine');
    const unknown = '01900000-0000-7000-8000-000000000001' as MessageId;
    store.getState().setDraft(BOB, 'kept aside');
    store.getState().startEdit(BOB, { id: unknown, text: 'not mine' });
    store.getState().setDraft(BOB, 'not mine either');

    expect(await store.getState().sendText('not mine either')).toBe(false);
    expect(store.getState().error).toMatch(/can still be edited/);
    expect(store.getState().editing).toEqual({ [BOB]: { id: unknown, text: 'not mine' } });
    expect(store.getState().drafts[BOB]).toBe('not mine either');
    expect((await messageStore.outbox(BOB, 10)).map((message) => message.t)).toEqual(['text']);

    store.getState().cancelEdit(BOB);
    expect(store.getState().drafts[BOB]).toBe('kept aside');
  });

  it('ends the edit of a message deleted meanwhile, in that conversation only', async () => {
    const { store, id } = await withSentText('soon gone');
    store.getState().setDraft(CAROL, 'for Carol');
    store.getState().startEdit(BOB, { id, text: 'soon gone' });
    store.getState().startEdit(CAROL, { id: 'carol-text', text: 'stays' });

    store.getState().forgetQuoted([id]);
    expect(store.getState().editing).toEqual({ [CAROL]: { id: 'carol-text', text: 'stays' } });
    expect(store.getState().drafts).toEqual({ [CAROL]: 'stays' });
    store.getState().cancelEdit(CAROL);
    expect(store.getState().drafts).toEqual({ [CAROL]: 'for Carol' });
  });
});
