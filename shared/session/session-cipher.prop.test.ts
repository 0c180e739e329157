// Properties of the record layer over a real handshake: round trips, tamper evidence, replay and reordering,
// rekeying with records in flight.
import fc from 'fast-check';
import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { createWebCryptoSuite } from '../crypto/web-crypto-suite';
import { establishSessionPair, type SessionPair } from '../testing/session-pair';
import { createTestIdentity } from '../testing/test-identity';
import type { HandshakeIdentity } from './handshake';
import { MAX_RECORD_PLAINTEXT } from './record-codec';
import { WINDOW_SIZE } from './replay-window';
import { RETAINED_PAST_EPOCHS, type SessionCipher } from './session-cipher';

const crypto = webcrypto as unknown as WebCryptoPort;
// The node:crypto AES-GCM used by the Node hosts is proven byte-for-byte equivalent in node-aead.test.ts.
const suites = { webcrypto: createWebCryptoSuite(crypto) };

let alice: HandshakeIdentity;
let bob: HandshakeIdentity;
beforeAll(async () => {
  [alice, bob] = await Promise.all([createTestIdentity(crypto), createTestIdentity(crypto)]);
});

const sealOrThrow = async (cipher: SessionCipher, plaintext: Uint8Array, conversation = 'c') => {
  const sealed = await cipher.seal(plaintext, conversation);
  if (!sealed.ok) {
    throw new Error(sealed.error.message);
  }
  return sealed.value;
};

/** Payload sizes from 0 to 1 MiB, biased towards the edges where length bugs live. */
const payload = fc
  .oneof(
    fc.integer({ min: 0, max: 64 }),
    fc.integer({ min: 0, max: 70_000 }),
    fc.constantFrom(MAX_RECORD_PLAINTEXT - 1, MAX_RECORD_PLAINTEXT),
  )
  .chain((size) => fc.tuple(fc.constant(size), fc.integer({ min: 0, max: 255 })))
  .map(([size, seed]) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff));

describe.each(Object.entries(suites))('session records (%s)', (_name, suite) => {
  let pair: SessionPair;
  beforeAll(async () => {
    pair = await establishSessionPair(suite, alice, bob);
  });

  it('round-trips any payload from 0 bytes to 1 MiB with its conversation ID', async () => {
    await fc.assert(
      fc.asyncProperty(payload, fc.string({ maxLength: 20 }), async (plaintext, conversation) => {
        const record = await sealOrThrow(pair.initiator.cipher, plaintext, conversation);
        const opened = await pair.responder.cipher.open(record);
        expect(opened.ok && opened.value.conversationId).toBe(conversation);
        expect(opened.ok && Buffer.from(opened.value.plaintext).equals(Buffer.from(plaintext))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('rejects a record with any single bit flipped: header, ciphertext or tag', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        async (plaintext, at, bit) => {
          const record = await sealOrThrow(pair.responder.cipher, plaintext);
          const tampered = Uint8Array.from(record);
          const index = at % tampered.length;
          tampered[index] = (tampered[index] ?? 0) ^ (1 << bit);
          const opened = await pair.initiator.cipher.open(tampered);
          expect(opened.ok).toBe(false);
          // The genuine record still opens: a rejected forgery changes no state.
          expect((await pair.initiator.cipher.open(record)).ok).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps each record its own header when seals run concurrently', async () => {
    // The session reuses one associated-data buffer per direction; WebCrypto's seal awaits, so seals interleave.
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.uint8Array({ maxLength: 2000 }), fc.string({ maxLength: 20 })), {
          minLength: 2,
          maxLength: 12,
        }),
        fc.func(fc.integer()),
        async (messages, order) => {
          const records = await Promise.all(
            messages.map(([plaintext, conversation]) =>
              sealOrThrow(pair.initiator.cipher, plaintext, conversation),
            ),
          );
          const shuffled = records
            .map((record, index) => ({ record, index, rank: order(index) }))
            .sort((a, b) => a.rank - b.rank || a.index - b.index);
          for (const { record, index } of shuffled) {
            const opened = await pair.responder.cipher.open(record);
            const [plaintext, conversation] = messages[index] ?? [new Uint8Array(0), ''];
            expect(opened.ok && opened.value.conversationId).toBe(conversation);
            expect(opened.ok && Buffer.from(opened.value.plaintext).equals(Buffer.from(plaintext))).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects a replayed record', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 100 }), async (plaintext) => {
        const record = await sealOrThrow(pair.initiator.cipher, plaintext);
        expect((await pair.responder.cipher.open(record)).ok).toBe(true);
        expect(await pair.responder.cipher.open(record)).toMatchObject({
          ok: false,
          error: { code: 'SESSION_REPLAY' },
        });
      }),
      { numRuns: 30 },
    );
  });

  it('rejects a record played back in the opposite direction', async () => {
    const fresh = await establishSessionPair(suite, alice, bob);
    const record = await sealOrThrow(fresh.initiator.cipher, new Uint8Array([1, 2, 3]));
    const { initiator } = fresh;
    // The initiator's own receive side: same session, wrong direction.
    expect(await initiator.cipher.open(record)).toMatchObject({
      ok: false,
      error: { code: 'SESSION_DECRYPT_FAILED' },
    });
  });
});

describe('session records across rekeying', () => {
  it('accepts any delivery order within the window while the sender rekeys every few records', async () => {
    const suite = suites.webcrypto;
    await fc.assert(
      fc.asyncProperty(
        // At most MAX_EPOCH_SKIP epochs in one run: a receiver follows a sender at most that far ahead.
        fc.integer({ min: 8, max: 16 }),
        fc
          .integer({ min: 2, max: 64 })
          .chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n })),
        async (perEpoch, order) => {
          const { initiator, responder } = await establishSessionPair(suite, alice, bob, {
            policy: { maxRecordsPerEpoch: perEpoch, maxEpochAgeMs: Number.MAX_SAFE_INTEGER },
          });
          const records = [];
          for (let i = 0; i < order.length; i += 1) {
            records.push(await sealOrThrow(initiator.cipher, Uint8Array.of(i)));
          }
          let delivered = 0;
          for (const index of order) {
            const opened = await responder.cipher.open(records[index] ?? new Uint8Array());
            const newestEpoch = responder.cipher.epochs().receive;
            const epochOf = Math.floor(index / perEpoch);
            if (opened.ok) {
              expect(opened.value.plaintext).toEqual(Uint8Array.of(index));
              delivered += 1;
            } else {
              // Only a record more than RETAINED_PAST_EPOCHS behind the newest epoch seen may be refused.
              expect(opened.error.code).toBe('SESSION_STALE_EPOCH');
              expect(epochOf).toBeLessThan(newestEpoch - RETAINED_PAST_EPOCHS);
            }
          }
          expect(delivered).toBeGreaterThan(0);
          expect(initiator.cipher.epochs().send).toBe(Math.floor((order.length - 1) / perEpoch));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('never loses in-order records across any number of rekeys', async () => {
    const suite = suites.webcrypto;
    const { initiator, responder } = await establishSessionPair(suite, alice, bob, {
      policy: { maxRecordsPerEpoch: 3, maxEpochAgeMs: Number.MAX_SAFE_INTEGER },
    });
    for (let i = 0; i < 50; i += 1) {
      const opened = await responder.cipher.open(await sealOrThrow(initiator.cipher, Uint8Array.of(i)));
      expect(opened.ok).toBe(true);
    }
    expect(responder.cipher.epochs().receive).toBe(16);
  });

  it('rekeys when an epoch grows old', async () => {
    let clock = 0;
    const { initiator, responder } = await establishSessionPair(suites.webcrypto, alice, bob, {
      now: () => clock,
      policy: { maxRecordsPerEpoch: 1_000_000, maxEpochAgeMs: 60_000 },
    });
    await sealOrThrow(initiator.cipher, Uint8Array.of(1));
    clock = 60_000;
    const record = await sealOrThrow(initiator.cipher, Uint8Array.of(2));
    expect(initiator.cipher.epochs().send).toBe(1);
    expect((await responder.cipher.open(record)).ok).toBe(true);
  });

  it('rejects numbers that fell out of the replay window', async () => {
    const suite = suites.webcrypto;
    const { initiator, responder } = await establishSessionPair(suite, alice, bob);
    const first = await sealOrThrow(initiator.cipher, Uint8Array.of(0));
    let last = first;
    for (let i = 1; i <= WINDOW_SIZE; i += 1) {
      last = await sealOrThrow(initiator.cipher, Uint8Array.of(1));
    }
    expect((await responder.cipher.open(last)).ok).toBe(true);
    expect(await responder.cipher.open(first)).toMatchObject({
      ok: false,
      error: { code: 'SESSION_REPLAY' },
    });
  });
});
