import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../testing/virtual-clock';
import { DEFAULT_RETRANSMIT_POLICY } from './delivery-types';
import { createMemoryMessageStore } from './memory-message-store';
import { decodeFrame, encodeFrame, type Message } from './message-format';
import type { DeliveryStatus } from './message-store';
import { createOutboxWindow } from './outbox-window';
import { BOB, LOCAL, textMessage } from './testing/message-store-contract/samples';

/** An outbox window over a memory store that counts its outbox reads and can hold one read back. */
const setup = (
  window = 4,
  windowBytes = DEFAULT_RETRANSMIT_POLICY.windowBytes,
  options: {
    /** Writes stay in the link (a channel that does not drain) until released. */
    readonly slowLink?: boolean;
    /** Whether the next status write fails (as an aborted transaction would). */
    readonly statusFails?: () => boolean;
  } = {},
) => {
  const store = createMemoryMessageStore();
  // The sample messages' send times, so none has outlived the delivery window.
  const clock = createVirtualClock(1_700_000_000_000);
  const written: Message[] = [];
  const statuses = new Map<string, DeliveryStatus>();
  let reads = 0;
  let holdRead: Promise<void> | null = null;
  const countingStore = {
    outbox: async (...args: Parameters<typeof store.outbox>) => {
      reads += 1;
      // Read now, answer once released: like an IndexedDB read that began before a later commit.
      const found = await store.outbox(...args);
      await holdRead;
      return found;
    },
    outgoing: store.outgoing.bind(store),
    setStatus: (...args: Parameters<typeof store.setStatus>) =>
      options.statusFails?.() ? Promise.reject(new Error('transaction aborted')) : store.setStatus(...args),
  };
  // Writes still in the link (slowLink), each let out by its function.
  const inLink: (() => void)[] = [];
  const outbox = createOutboxWindow({
    store: countingStore,
    clock,
    random: () => 0.5,
    policy: { ...DEFAULT_RETRANSMIT_POLICY, window, windowBytes },
    linked: () => true,
    writeFrame: (_peer, bytes) => {
      const decoded = decodeFrame(bytes);
      if (decoded.kind === 'frame' && decoded.frame.k === 'msg') {
        written.push(decoded.frame.m);
      }
      return options.slowLink
        ? new Promise<boolean>((resolve) => inLink.push(() => resolve(true)))
        : Promise.resolve(true);
    },
    emitStatus: (ids, status) => ids.forEach((id) => statuses.set(id, status)),
    background: (task) => void task,
    stopped: () => false,
  });
  let n = 0;
  /** Stores the next message to Bob, as the engine does, without telling the window (as before a restart). */
  const store_ = async (meta?: Message['meta'], text?: string): Promise<Message> => {
    n += 1;
    const id = n;
    return store.createOutgoing(BOB, (seq) => {
      const sample = textMessage(id, LOCAL, BOB, seq);
      return {
        ...sample,
        ...(text === undefined ? {} : { body: { text } }),
        ...(meta ? { meta } : {}),
      } as Message;
    });
  };
  /** Stores the next message to Bob, as the engine does, and lets the window admit it. */
  const create = async (meta?: Message['meta'], text?: string): Promise<Message> => {
    const message = await store_(meta, text);
    outbox.admit(message);
    return message;
  };
  return {
    outbox,
    clock,
    statuses,
    store,
    inLink,
    create,
    storeOnly: store_,
    written,
    reads: () => reads,
    hold: () => {
      let release = (): void => undefined;
      holdRead = new Promise((resolve) => (release = resolve));
      return () => {
        holdRead = null;
        release();
      };
    },
  };
};

describe('outbox window', () => {
  it('reads the stored outbox once, then sends what it admits without reading it again', async () => {
    const { outbox, create, written, reads } = setup();
    await outbox.pump(BOB);
    expect(reads()).toBe(1);
    for (let count = 1; count <= 3; count += 1) {
      await create();
      await outbox.pump(BOB);
    }
    expect(written.map((message) => message.seq)).toEqual([1, 2, 3]);
    expect(reads()).toBe(1);
  });

  it('reads again once the window was full and turned a message away', async () => {
    const { outbox, create, written, reads } = setup(2);
    await outbox.pump(BOB);
    const first = await create();
    await create();
    await create();
    await outbox.pump(BOB);
    expect(written.map((message) => message.seq)).toEqual([1, 2]);
    await outbox.acknowledged(BOB, { v: 1, k: 'ack', ids: [first.id], upTo: 1, missing: [] });
    expect(written.map((message) => message.seq)).toEqual([1, 2, 3]);
    expect(reads()).toBe(2);
  });

  it('does not take a drained outbox on trust from a read that overlapped a message it turned away', async () => {
    const { outbox, create, written, hold } = setup();
    await create();
    const release = hold();
    // The read finds message 1; message 2 is stored and turned away (a refill is under way) before it answers.
    const pumping = outbox.pump(BOB);
    await create();
    release();
    await pumping;
    await outbox.pump(BOB);
    expect(written.map((message) => message.seq)).toEqual([1, 2]);
  });

  it('looks again when a message was stored and turned away while it read, with nothing else to wake it', async () => {
    const { outbox, create, written, hold } = setup();
    const release = hold();
    // The read looks at an empty outbox; message 1 is stored after it looked and is turned away (a refill is
    // under way), and its own pump finds the refill busy. Nothing is in flight, so no timer would come.
    const pumping = outbox.pump(BOB);
    await create();
    await outbox.pump(BOB);
    release();
    await pumping;
    expect(written.map((message) => message.seq)).toEqual([1]);
  });

  it('moves what waits in the stored outbox up when the messages filling the window expire', async () => {
    const { outbox, clock, create, written, statuses } = setup(2);
    await outbox.pump(BOB);
    const expiresAt = clock.now() + 1_000;
    const doomed = [await create({ expiresAt }), await create({ expiresAt })];
    const waiting = await create();
    await outbox.pump(BOB);
    expect(written.map((message) => message.seq)).toEqual([1, 2]);
    // Bob never acks: both expire, and message 3 goes out without another send or ack to prompt it.
    await clock.advance(1_001);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(doomed.map((message) => statuses.get(message.id))).toEqual(['failed', 'failed']);
    expect(written.map((message) => message.seq)).toContain(waiting.seq);
  });

  it('sends a retried message again though the outbox was read drained before', async () => {
    const { outbox, clock, create, written, statuses, reads } = setup();
    await outbox.pump(BOB);
    const message = await create({ expiresAt: clock.now() + 1_000 });
    await outbox.pump(BOB);
    await clock.advance(1_001);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(statuses.get(message.id)).toBe('failed');
    // The user retries it, as the engine's retry does: back to pending in the store, then requeued.
    const retried = { ...message, meta: { expiresAt: clock.now() + 60_000 } };
    outbox.requeue(retried);
    await outbox.pump(BOB);
    expect(written.filter((sent) => sent.id === message.id)).toHaveLength(2);
    expect(reads()).toBe(1);
  });

  it('holds no more frame bytes in flight than its bound, and still sends everything in order', async () => {
    // Three sample frames fit in the bound, a fourth does not; the count alone would allow all ten.
    const { outbox, create, written } = setup(100, 0);
    const sample = await create();
    const frameBytes = encodeFrame({ v: 1, k: 'msg', m: sample }).length;
    const bounded = setup(100, frameBytes * 3 + 1);
    const messages: Message[] = [];
    for (let n = 0; n < 10; n += 1) {
      messages.push(await bounded.create());
    }
    await bounded.outbox.pump(BOB);
    expect(bounded.written.map((message) => message.seq)).toEqual([1, 2, 3]);
    // Each ack makes room for one more, read from the stored outbox in sequence order.
    for (let acked = 0; acked < messages.length; acked += 1) {
      const message = messages[acked] as Message;
      await bounded.outbox.acknowledged(BOB, {
        v: 1,
        k: 'ack',
        ids: [message.id],
        upTo: message.seq,
        missing: [],
      });
      expect(bounded.written.length).toBe(Math.min(messages.length, acked + 4));
    }
    expect(bounded.written.map((message) => message.seq)).toEqual(messages.map((message) => message.seq));
    // One message always fits, however small the bound: a window of bound 0 still sends, one at a time.
    await outbox.pump(BOB);
    expect(written.map((message) => message.seq)).toEqual([1]);
  });

  it('reads nothing while the next stored message is too large for the room the bytes bound leaves', async () => {
    const { outbox, create, written, reads } = setup(1024, 100_000);
    const large = 'z'.repeat(16_000);
    const messages: Message[] = [];
    for (let n = 0; n < 60; n += 1) {
      messages.push(await create(undefined, large));
      await outbox.pump(BOB);
    }
    // Six frames of about 16 KB fit in 100 KB; the other 54 wait in the store, and the sends that turned
    // them away read nothing more once one read found the next too large.
    expect(written).toHaveLength(6);
    expect(reads()).toBeLessThanOrEqual(2);
    for (const message of messages) {
      await outbox.acknowledged(BOB, { v: 1, k: 'ack', ids: [message.id], upTo: message.seq, missing: [] });
    }
    expect(written.map((message) => message.seq)).toEqual(messages.map((message) => message.seq));
    // About one read per ack that made room, not one per pump.
    expect(reads()).toBeLessThanOrEqual(2 + messages.length);
  });

  it('sends stored messages one at a time when no two fit in the bytes bound', async () => {
    const { outbox, storeOnly, written } = setup(4, 0);
    // Stored before a restart: only a read finds them.
    const messages = [await storeOnly(), await storeOnly()];
    await outbox.pump(BOB);
    expect(written.map((message) => message.seq)).toEqual([1]);
    await outbox.acknowledged(BOB, { v: 1, k: 'ack', ids: [messages[0]?.id ?? ''], upTo: 1, missing: [] });
    expect(written.map((message) => message.seq)).toEqual([1, 2]);
  });

  it('writes a message again only once its last write has left a slow link, its backoff counted from then', async () => {
    const { outbox, clock, create, written, inLink } = setup(4, undefined, { slowLink: true });
    await outbox.pump(BOB);
    await create();
    await create();
    await outbox.pump(BOB);
    expect(written).toHaveLength(2);
    // The channel does not drain for an hour: no copies pile up behind the first writes.
    for (let minute = 0; minute < 60; minute += 1) {
      await clock.advance(60_000);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(written).toHaveLength(2);
    // Once they leave, each goes again after its backoff (not at once), and again only after that write leaves.
    inLink.splice(0).forEach((leave) => leave());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(written).toHaveLength(2);
    await clock.advance(DEFAULT_RETRANSMIT_POLICY.maxMs + DEFAULT_RETRANSMIT_POLICY.baseMs);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(written).toHaveLength(4);
    await clock.advance(DEFAULT_RETRANSMIT_POLICY.maxMs + DEFAULT_RETRANSMIT_POLICY.baseMs);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(written).toHaveLength(4);
    // A new link: the writes waiting in the old one may never be known to have left, so both go again at once,
    // and the old ones leaving later change nothing.
    expect(inLink).toHaveLength(2);
    outbox.linkUp(BOB);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(written).toHaveLength(6);
    inLink.splice(0, 2).forEach((leave) => leave());
    await new Promise((resolve) => setTimeout(resolve, 0));
    await clock.advance(0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(written).toHaveLength(6);
  });

  it('keeps a message whose delivered status failed to be written in play, and settles it on the next ack', async () => {
    let failNext = false;
    const { outbox, create, statuses, written, store } = setup(4, undefined, {
      statusFails: () => {
        const fail = failNext;
        failNext = false;
        return fail;
      },
    });
    await outbox.pump(BOB);
    const message = await create();
    await outbox.pump(BOB);
    failNext = true;
    await expect(
      outbox.acknowledged(BOB, { v: 1, k: 'ack', ids: [message.id], upTo: 0, missing: [] }),
    ).rejects.toThrow(/aborted/);
    expect((await store.outgoing(message.id))?.status).toBe('sent');
    // The next event reads the stored outbox again from before it, so it is resent and its ack settles it.
    await create();
    await outbox.pump(BOB);
    expect(written.filter((sent) => sent.id === message.id)).toHaveLength(2);
    await outbox.acknowledged(BOB, { v: 1, k: 'ack', ids: [message.id], upTo: 0, missing: [] });
    expect(statuses.get(message.id)).toBe('delivered');
    expect((await store.outgoing(message.id))?.status).toBe('delivered');
  });

  it('does not send what was withdrawn, or forgotten, while a read of the stored outbox was under way', async () => {
    const { outbox, storeOnly, written, hold } = setup();
    const first = await storeOnly();
    const second = await storeOnly();
    const release = hold();
    const pumping = outbox.pump(BOB);
    // Deleted by the user while the read is on its way back.
    outbox.withdraw([second.id]);
    release();
    await pumping;
    expect(written.map((message) => message.id)).toEqual([first.id]);

    const other = setup();
    await other.storeOnly();
    const releaseOther = other.hold();
    const reading = other.outbox.pump(BOB);
    other.outbox.forget(BOB);
    releaseOther();
    await reading;
    expect(other.written).toEqual([]);
  });
});
