import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../identity/peer-id';
import { fail } from '../result';
import { createVirtualClock } from '../testing/virtual-clock';
import { createMemoryMessageStore } from './memory-message-store';
import { EDIT_WINDOW_MS } from './message-edits';
import { createMessenger } from './messenger';
import { createFakeRtcNetwork } from './testing/fake-rtc';
import { inbound, LOCAL, timerMessage } from './testing/message-store-contract/samples';

const BOB = 'b'.repeat(32) as PeerId;

/** A messenger whose signaling is ready, on a fake WebRTC network that counts the connections it starts. */
const readyMessenger = async () => {
  const store = createMemoryMessageStore();
  const clock = createVirtualClock();
  const network = createFakeRtcNetwork(clock);
  const refused = () => Promise.resolve(fail('SESSION_UNEXPECTED_MESSAGE', 'no sessions in this test'));
  const messenger = createMessenger({
    localPeerId: LOCAL,
    displayName: 'Me',
    store,
    sessions: { begin: refused, handshake: refused, seal: refused, open: refused, end: () => undefined },
    rtc: network.factory(),
    signaling: {
      lookup: () => new Promise(() => undefined),
      sendSignal: () => undefined,
      watch: () => undefined,
    },
    sealer: { seal: refused, open: refused },
    watchList: () => Promise.resolve([]),
    clock,
    random: () => 0.5,
    newMessageId: (now) => uuidv7({ msecs: now }),
    newAttemptId: () => crypto.randomUUID(),
    onEvent: () => undefined,
  });
  await messenger.start();
  messenger.signalingEvent({
    type: 'state',
    state: { status: 'ready', peerId: LOCAL, realm: 'default', iceServers: [] },
  });
  return { store, messenger, clock, dials: network.created };
};

describe('messenger', () => {
  it('dials a contact to deliver read receipts, but never a blocked peer, who must not learn we are online', async () => {
    const { store, messenger, dials } = await readyMessenger();
    const unread = inbound(1, BOB, 1);
    await store.receive(unread, 0, false);

    await store.setContactState(BOB, 'blocked');
    await messenger.markRead(BOB, [unread.id]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(dials()).toBe(0);

    await store.setContactState(BOB, 'accepted');
    await messenger.markRead(BOB, [unread.id]);
    await expect.poll(dials).toBe(1);
  });
});

describe('messenger edits', () => {
  it('edits our own text to a contact within the window, carrying its expiry, and refuses anything else', async () => {
    const { store, messenger } = await readyMessenger();
    const CAROL = 'c'.repeat(32) as PeerId;
    await store.setContactState(BOB, 'accepted');
    await store.setContactState(CAROL, 'accepted');
    const sent = await messenger.sendText(BOB, 'see you at 5', { expiresAt: Date.now() + 3_600_000 });
    if (!sent.ok) {
      throw new Error(sent.error.message);
    }
    const edit = await messenger.editText(BOB, sent.value.id, 'see you at 6');
    expect(edit.ok && edit.value).toMatchObject({
      t: 'edit',
      body: { text: 'see you at 6' },
      meta: { editOf: sent.value.id, expiresAt: sent.value.meta?.expiresAt },
    });
    const stored = await store.outgoing(sent.value.id);
    expect(stored?.message).toMatchObject({ t: 'text', body: { text: 'see you at 6' } });

    const theirs = inbound(1, BOB, 1);
    await store.receive(theirs, 0, false);
    for (const [peer, id, text] of [
      [CAROL, sent.value.id, 'to the wrong peer'],
      [BOB, theirs.id, 'not ours'],
      [BOB, edit.ok ? edit.value.id : theirs.id, 'an edit is no text'],
    ] as const) {
      expect(await messenger.editText(peer, id, text)).toMatchObject({
        ok: false,
        error: { code: 'MESSAGE_UNKNOWN' },
      });
    }
    expect(await messenger.editText(BOB, sent.value.id, '')).toMatchObject({
      ok: false,
      error: { code: 'MESSAGE_INVALID' },
    });
  });

  it('no longer edits a text once a day has passed since it was sent', async () => {
    const { store, messenger, clock } = await readyMessenger();
    await store.setContactState(BOB, 'accepted');
    const sent = await messenger.sendText(BOB, 'hello');
    if (!sent.ok) {
      throw new Error(sent.error.message);
    }
    await clock.advance(EDIT_WINDOW_MS);
    expect((await messenger.editText(BOB, sent.value.id, 'hello!')).ok).toBe(true);
    await clock.advance(1);
    expect(await messenger.editText(BOB, sent.value.id, 'hello?')).toMatchObject({
      ok: false,
      error: { code: 'MESSAGE_UNKNOWN' },
    });
  });
});

describe('messenger reactions', () => {
  it('reacts to a text of the conversation, ours or theirs, carrying its expiry, and refuses anything else', async () => {
    const { store, messenger } = await readyMessenger();
    const CAROL = 'c'.repeat(32) as PeerId;
    await store.setContactState(BOB, 'accepted');
    await store.setContactState(CAROL, 'accepted');
    const sent = await messenger.sendText(BOB, 'lunch?', { expiresAt: Date.now() + 3_600_000 });
    const theirs = inbound(1, BOB, 1);
    await store.receive(theirs, 0, false);
    if (!sent.ok) {
      throw new Error(sent.error.message);
    }
    expect(await messenger.react(BOB, sent.value.id, '👍')).toMatchObject({
      ok: true,
      value: { t: 'reaction', body: { of: sent.value.id, emoji: '👍' }, meta: sent.value.meta },
    });
    const onTheirs = await messenger.react(BOB, theirs.id, '');
    expect(onTheirs.ok && onTheirs.value).toMatchObject({ body: { of: theirs.id, emoji: '' } });
    expect(onTheirs.ok && onTheirs.value.meta).toBeUndefined();

    const notice = timerMessage(2, BOB, LOCAL, 2, 60);
    await store.receive(notice, 0, false);
    for (const [peer, id] of [
      [CAROL, sent.value.id],
      [CAROL, theirs.id],
      [BOB, notice.id],
      [BOB, onTheirs.ok ? onTheirs.value.id : theirs.id],
    ] as const) {
      expect(await messenger.react(peer, id, '👍')).toMatchObject({
        ok: false,
        error: { code: 'MESSAGE_UNKNOWN' },
      });
    }
    expect(await messenger.react(BOB, theirs.id, 'nice')).toMatchObject({
      ok: false,
      error: { code: 'MESSAGE_INVALID' },
    });
  });

  it('reports a store that fails as signaling becomes ready, rather than leaving the rejection unhandled', async () => {
    const store = createMemoryMessageStore();
    const clock = createVirtualClock();
    const refused = () => Promise.resolve(fail('SESSION_UNEXPECTED_MESSAGE', 'no sessions in this test'));
    const events: string[] = [];
    let closed = false;
    const messenger = createMessenger({
      localPeerId: LOCAL,
      displayName: 'Me',
      // Fails from when the archive closes (after start).
      store: {
        ...store,
        outboxPeers: () => (closed ? Promise.reject(new Error('the archive closed')) : store.outboxPeers()),
      },
      sessions: { begin: refused, handshake: refused, seal: refused, open: refused, end: () => undefined },
      rtc: createFakeRtcNetwork(clock).factory(),
      signaling: {
        lookup: () => new Promise(() => undefined),
        sendSignal: () => undefined,
        watch: () => undefined,
      },
      sealer: { seal: refused, open: refused },
      watchList: () => Promise.reject(new Error('no contacts table')),
      clock,
      random: () => 0.5,
      newMessageId: (now) => uuidv7({ msecs: now }),
      newAttemptId: () => crypto.randomUUID(),
      onEvent: (event) => {
        if (event.type === 'failure') {
          events.push(event.reason);
        }
      },
    });
    await messenger.start();
    closed = true;
    messenger.signalingEvent({
      type: 'state',
      state: { status: 'ready', peerId: LOCAL, realm: 'default', iceServers: [] },
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events.sort()).toEqual(['no contacts table', 'the archive closed']);
    await messenger.stop();
  });
});
