import fc from 'fast-check';
import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { createWebCryptoSuite } from '../crypto/web-crypto-suite';
import { ok } from '../result';
import type { SessionPair } from '../testing/session-pair';
import { establishSessionPair } from '../testing/session-pair';
import { createTestIdentity } from '../testing/test-identity';
import { MAX_FRAME_BYTES } from './message-format';
import {
  CHANNEL_MESSAGE_BYTES,
  CHUNK_DATA_BYTES,
  createSecureLink,
  HIGH_WATER_MARK,
  type DataChannelPort,
  type SessionCipherPort,
} from './secure-link';

const crypto = webcrypto as unknown as WebCryptoPort;
const suite = createWebCryptoSuite(crypto);
let pair: SessionPair;

beforeAll(async () => {
  const [alice, bob] = await Promise.all([createTestIdentity(crypto), createTestIdentity(crypto)]);
  pair = await establishSessionPair(suite, alice, bob);
});

const cipherOf = (side: 'initiator' | 'responder'): SessionCipherPort => ({
  seal: (plaintext) => pair[side].cipher.seal(plaintext, ''),
  open: async (record) => {
    const opened = await pair[side].cipher.open(record);
    return opened.ok ? ok(opened.value.plaintext) : opened;
  },
});

/** A channel whose buffer drains only when the test lets the "network" read it. */
const fakeChannel = () => {
  const queued: Uint8Array[] = [];
  let buffered = 0;
  let peak = 0;
  const waiters: (() => void)[] = [];
  const channel: DataChannelPort = {
    open: true,
    send(bytes) {
      expect(bytes.length).toBeLessThanOrEqual(CHANNEL_MESSAGE_BYTES);
      queued.push(bytes);
      buffered += bytes.length;
      peak = Math.max(peak, buffered);
    },
    get bufferedAmount() {
      return buffered;
    },
    drained: () => new Promise((resolve) => waiters.push(resolve)),
  };
  /** Hands everything queued to `deliver` and lets blocked senders go on. */
  const flush = async (deliver: (bytes: Uint8Array) => Promise<void>) => {
    while (queued.length > 0) {
      const next = queued.shift() as Uint8Array;
      buffered -= next.length;
      await deliver(next);
      if (buffered <= HIGH_WATER_MARK / 4) {
        waiters.splice(0).forEach((wake) => wake());
      }
    }
    waiters.splice(0).forEach((wake) => wake());
  };
  return { channel, flush, peak: () => peak, queued };
};

describe('secure link', () => {
  it('carries frames of any size up to the limit, in order, sealed chunk by chunk', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: MAX_FRAME_BYTES }), { minLength: 1, maxLength: 4 }),
        async (sizes) => {
          const { channel, flush } = fakeChannel();
          const received: Uint8Array[] = [];
          const errors: string[] = [];
          const sender = createSecureLink(channel, cipherOf('initiator'), {
            onFrame: () => undefined,
            onError: (e) => errors.push(e),
          });
          const receiver = createSecureLink(fakeChannel().channel, cipherOf('responder'), {
            onFrame: (frame) => received.push(frame),
            onError: (e) => errors.push(e),
          });
          const frames = sizes.map((size, index) =>
            Uint8Array.from({ length: size }, (_, i) => (i * 31 + index) % 256),
          );
          const sent = Promise.all(frames.map((frame) => sender.send(frame)));
          while (received.length < frames.length) {
            await flush((bytes) => receiver.receive(bytes));
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
          expect(await sent).toEqual(frames.map(() => true));
          expect(received).toEqual(frames);
          expect(errors).toEqual([]);
        },
      ),
      { numRuns: 6 },
    );
  });

  it('never queues much past the high-water mark in the channel, however much is sent', async () => {
    const { channel, flush, peak } = fakeChannel();
    const receiver = createSecureLink(fakeChannel().channel, cipherOf('responder'), {
      onFrame: () => undefined,
      onError: () => undefined,
    });
    const sender = createSecureLink(channel, cipherOf('initiator'), {
      onFrame: () => undefined,
      onError: () => undefined,
    });
    const frame = new Uint8Array(MAX_FRAME_BYTES);
    const state = { done: false };
    const sending = Promise.all(Array.from({ length: 20 }, () => sender.send(frame))).then(() => {
      state.done = true;
    });
    while (!state.done) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await flush((bytes) => receiver.receive(bytes));
    }
    await sending;
    expect(peak()).toBeLessThanOrEqual(HIGH_WATER_MARK + CHANNEL_MESSAGE_BYTES);
  });

  it('drops a tampered record and a frame past the size limit, and carries on', async () => {
    const { channel, queued } = fakeChannel();
    const received: Uint8Array[] = [];
    const errors: string[] = [];
    const sender = createSecureLink(channel, cipherOf('initiator'), {
      onFrame: () => undefined,
      onError: () => undefined,
    });
    const receiver = createSecureLink(fakeChannel().channel, cipherOf('responder'), {
      onFrame: (frame) => received.push(frame),
      onError: (e) => errors.push(e),
    });
    await sender.send(Uint8Array.of(1, 2, 3));
    const tampered = (queued.shift() as Uint8Array).slice();
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 0xff;
    await receiver.receive(tampered);
    expect(errors).toEqual(['record refused: SESSION_DECRYPT_FAILED']);

    // A peer that never ends its frame: chunks past the limit are dropped, not buffered.
    const initiator = cipherOf('initiator');
    const chunk = new Uint8Array(CHUNK_DATA_BYTES + 1);
    for (let i = 0; i * CHUNK_DATA_BYTES <= MAX_FRAME_BYTES + CHUNK_DATA_BYTES; i += 1) {
      const sealed = await initiator.seal(chunk);
      await receiver.receive(sealed.ok ? sealed.value : new Uint8Array(0));
    }
    const last = await initiator.seal(Uint8Array.of(1, 0xaa));
    await receiver.receive(last.ok ? last.value : new Uint8Array(0));
    expect(errors.at(-1)).toContain('exceeds');
    expect(received).toEqual([]);

    await sender.send(Uint8Array.of(9, 9));
    for (const bytes of queued.splice(0)) {
      await receiver.receive(bytes);
    }
    expect(received).toEqual([Uint8Array.of(9, 9)]);
  });
});
