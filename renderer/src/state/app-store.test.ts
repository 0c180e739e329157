// The app store over the real host services (in memory) and a real messenger on the memory message store;
// the signaling server is never reached (its connection stays down), so nothing is dialed. Start-up, unlocking
// and one tab at a time: app-store-tabs.test.ts.
import { describe, expect, it } from 'vitest';
import { BOB, CAROL, setup } from './testing/app-store-kit';

describe('app store', () => {
  it('starts in onboarding, and goes online once an identity is created', async () => {
    const { store } = setup();
    await store.getState().load();
    expect(store.getState().phase).toBe('onboarding');
    await store.getState().createIdentity('Alice');
    expect(store.getState().phase).toBe('ready');
    expect(store.getState().identity?.displayName).toBe('Alice');
  });

  it('sends a contact request, refuses text until the contact accepts, then queues text in the outbox', async () => {
    const { store, messageStore, signalingUrls } = setup();
    await store.getState().createIdentity('Alice');
    expect(signalingUrls).toHaveLength(1);
    await store.getState().addContact(BOB);
    expect(store.getState().activePeerId).toBe(BOB);
    expect(await messageStore.contactState(BOB)).toBe('requested-by-me');
    expect((await messageStore.outbox(BOB, 10)).map((message) => message.t)).toEqual(['contact-request']);

    expect(await store.getState().sendText('too early')).toBe(false);
    expect(store.getState().error).toMatch(/not an accepted contact/);

    await messageStore.setContactState(BOB, 'accepted');
    expect(await store.getState().sendText('hello')).toBe(true);
    expect((await messageStore.outbox(BOB, 10)).map((message) => message.t)).toEqual([
      'contact-request',
      'text',
    ]);
  });

  it('shows signaling state, connection state and typing from the messenger’s events', async () => {
    const { store, emit } = setup();
    await store.getState().createIdentity('Alice');
    emit({ type: 'connection', peer: BOB, state: { status: 'failed', reason: 'peer offline' } });
    expect(store.getState().connections[BOB]).toEqual({ status: 'failed', reason: 'peer offline' });
    emit({ type: 'typing', peer: BOB, active: true });
    expect(store.getState().typing[BOB]).toBe(true);
    emit({ type: 'failure', reason: 'the archive is full' });
    expect(store.getState().error).toBe('the archive is full');
    store.getState().dismissError();
    expect(store.getState().error).toBeNull();
  });

  it('tells a first connection from a reconnection, and retries the signaling server when asked', async () => {
    const { store, emit, reconnects } = setup();
    await store.getState().createIdentity('Alice');
    const state = (status: 'connecting' | 'closed') =>
      emit({
        type: 'signaling',
        event: { type: 'state', state: status === 'closed' ? { status, reason: 'refused' } : { status } },
      });
    state('connecting');
    expect(store.getState().signalingWasReady).toBe(false);
    emit({
      type: 'signaling',
      event: { type: 'state', state: { status: 'ready', peerId: BOB, realm: 'default', iceServers: [] } },
    });
    state('closed');
    expect(store.getState()).toMatchObject({ signalingWasReady: true, signaling: { status: 'closed' } });
    store.getState().retrySignaling();
    expect(reconnects).toHaveLength(1);
  });

  it('keeps a draft per conversation, and a reply goes out with what it answers', async () => {
    const { store, messageStore } = setup();
    await store.getState().createIdentity('Alice');
    await messageStore.setContactState(BOB, 'accepted');
    store.getState().openConversation(BOB);
    store.getState().setDraft(BOB, 'the answer');
    store.getState().setDraft(CAROL, 'another');
    store
      .getState()
      .startReply(BOB, { id: '01900000-0000-7000-8000-000000000001', fromMe: false, text: 'q' });
    expect(await store.getState().sendText('the answer')).toBe(true);
    const [sent] = await messageStore.outbox(BOB, 10);
    expect(sent).toMatchObject({ t: 'text', meta: { replyTo: '01900000-0000-7000-8000-000000000001' } });
    expect(store.getState().drafts).toEqual({ [CAROL]: 'another' });
    expect(store.getState().replyingTo).toEqual({});
  });

  it('sends once when Send is pressed twice, and keeps what is typed and replied to while it is written', async () => {
    const { store, messageStore } = setup();
    await store.getState().createIdentity('Alice');
    await messageStore.setContactState(BOB, 'accepted');
    store.getState().openConversation(BOB);
    store.getState().setDraft(BOB, 'hello');
    const first = store.getState().sendText('hello');
    const second = store.getState().sendText('hello');
    // The next message, begun before the first is in the outbox.
    store.getState().setDraft(BOB, 'and then');
    const quoted = { id: '01900000-0000-7000-8000-000000000002', fromMe: false, text: 'q' };
    store.getState().startReply(BOB, quoted);
    expect(await Promise.all([first, second])).toEqual([true, false]);
    expect((await messageStore.outbox(BOB, 10)).map((message) => message.body)).toEqual([{ text: 'hello' }]);
    expect(store.getState().drafts).toEqual({ [BOB]: 'and then' });
    expect(store.getState().replyingTo).toEqual({ [BOB]: quoted });
  });

  it('gives the text and its reply back when a message cannot be sent, before anything typed since', async () => {
    const { store } = setup();
    await store.getState().createIdentity('Alice');
    store.getState().openConversation(BOB);
    const quoted = { id: '01900000-0000-7000-8000-000000000003', fromMe: false, text: 'q' };
    store.getState().startReply(BOB, quoted);
    store.getState().setDraft(BOB, 'not a contact yet');
    const sending = store.getState().sendText('not a contact yet');
    store.getState().setDraft(BOB, 'more');
    expect(await sending).toBe(false);
    expect(store.getState().drafts).toEqual({ [BOB]: 'not a contact yet\nmore' });
    expect(store.getState().replyingTo).toEqual({ [BOB]: quoted });
  });

  it('shows a search hit in its conversation once: opened again later, the conversation is not held there', async () => {
    const { store, messageStore } = setup();
    await store.getState().createIdentity('Alice');
    const hit = '01900000-0000-7000-8000-000000000004';
    store.getState().showMessage(BOB, hit);
    expect(store.getState()).toMatchObject({ activePeerId: BOB, focusedMessage: { peer: BOB, id: hit } });
    store.getState().openConversation(CAROL);
    store.getState().openConversation(BOB);
    expect(store.getState().focusedMessage).toBeNull();

    // Also when a contact request or an acceptance opens it.
    store.getState().showMessage(BOB, hit);
    await store.getState().addContact(BOB);
    expect(store.getState().focusedMessage).toBeNull();
    store.getState().showMessage(CAROL, hit);
    await messageStore.setContactState(CAROL, 'requested-by-them');
    await store.getState().acceptContact(CAROL);
    expect(store.getState()).toMatchObject({ activePeerId: CAROL, focusedMessage: null });
  });

  it('says so when the archive refuses a message, rather than leaving the rejection unhandled', async () => {
    const { store, messageStore } = setup({
      writeFailure: new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    });
    await store.getState().createIdentity('Alice');
    await messageStore.setContactState(BOB, 'accepted');
    store.getState().openConversation(BOB);
    store.getState().setDraft(BOB, 'hello');
    expect(await store.getState().sendText('hello')).toBe(false);
    expect(store.getState().error).toMatch(/no room left/);
    expect(store.getState().drafts).toEqual({ [BOB]: 'hello' });
  });

  it('tells the contact of a conversation left meanwhile that typing stopped', async () => {
    const { store, typed } = setup();
    await store.getState().createIdentity('Alice');
    store.getState().openConversation(BOB);
    store.getState().setTyping(BOB, true);
    // The composer of Bob's conversation stops typing as it unmounts, after Carol's is already open.
    store.getState().openConversation(CAROL);
    store.getState().setTyping(BOB, false);
    expect(typed).toEqual([
      [BOB, true],
      [BOB, false],
    ]);
  });

  it('sends no typing and shows none once the user turns typing indicators off, and ends what was shown', async () => {
    const { store, typed, emit } = setup();
    await store.getState().createIdentity('Alice');
    store.getState().openConversation(BOB);
    // Bob was typing when Alice turned the setting off.
    emit({ type: 'typing', peer: BOB, active: true });
    expect(await store.getState().updateSettings({ typingIndicators: false })).toBeNull();
    store.getState().setTyping(BOB, true);
    emit({ type: 'typing', peer: CAROL, active: true });
    expect(typed).toEqual([]);
    expect(store.getState().typing[CAROL]).toBeUndefined();
    // His end of typing is taken all the same, so turning the setting on again shows nothing stale.
    emit({ type: 'typing', peer: BOB, active: false });
    expect(store.getState().typing[BOB]).toBe(false);
    // And Alice's own end of typing still goes out.
    store.getState().setTyping(BOB, false);
    expect(typed).toEqual([[BOB, false]]);

    expect(await store.getState().updateSettings({ typingIndicators: true })).toBeNull();
    store.getState().setTyping(BOB, true);
    emit({ type: 'typing', peer: BOB, active: true });
    expect(typed).toEqual([
      [BOB, false],
      [BOB, true],
    ]);
    expect(store.getState().typing[BOB]).toBe(true);
  });

  it('sends no read receipt once the user turns read receipts off', async () => {
    const { store, messageStore } = setup();
    await store.getState().createIdentity('Alice');
    await messageStore.setContactState(BOB, 'accepted');
    const receipts = async () =>
      (await messageStore.outbox(BOB, 10)).filter((message) => message.t === 'read').length;
    expect(await store.getState().updateSettings({ readReceipts: false })).toBeNull();
    await store.getState().markRead(BOB, ['01900000-0000-7000-8000-000000000021']);
    expect(await receipts()).toBe(0);

    expect(await store.getState().updateSettings({ readReceipts: true })).toBeNull();
    await store.getState().markRead(BOB, ['01900000-0000-7000-8000-000000000022']);
    expect(await receipts()).toBe(1);
  });

  it('refuses to add itself as a contact', async () => {
    const { store, messageStore } = setup();
    await store.getState().createIdentity('Alice');
    const self = store.getState().identity?.peerId;
    if (!self) {
      throw new Error('no identity');
    }
    await store.getState().addContact(self);
    expect(await messageStore.outboxPeers()).toEqual([]);
    expect(store.getState().error).toMatch(/your own peer ID/);
  });
});
