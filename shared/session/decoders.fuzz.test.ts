// Fuzzes every decoder of the session layer with random, truncated and corrupted inputs: each must answer with a
// coded failure (or a valid value), never throw, and return promptly.
import fc from 'fast-check';
import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { createWebCryptoSuite } from '../crypto/web-crypto-suite';
import { ERROR_CODES } from '../errors';
import type { Result } from '../result';
import { establishSessionPair, type SessionPair } from '../testing/session-pair';
import { createTestIdentity } from '../testing/test-identity';
import { createInitiatorHandshake, createResponderHandshake, type HandshakeIdentity } from './handshake';
import { decodeFinish, decodeHello, decodeReply } from './handshake-messages';
import { decodeRecord } from './record-codec';
import { openEnvelope, sealEnvelope } from './sealed-envelope';

const crypto = webcrypto as unknown as WebCryptoPort;
const suite = createWebCryptoSuite(crypto);
const now = () => 1_750_000_000_000;

let alice: HandshakeIdentity;
let bob: HandshakeIdentity;
let pair: SessionPair;
const samples: Record<'hello' | 'reply' | 'finish' | 'record' | 'envelope', Uint8Array> = {
  hello: new Uint8Array(),
  reply: new Uint8Array(),
  finish: new Uint8Array(),
  record: new Uint8Array(),
  envelope: new Uint8Array(),
};

beforeAll(async () => {
  [alice, bob] = await Promise.all([createTestIdentity(crypto), createTestIdentity(crypto)]);
  pair = await establishSessionPair(suite, alice, bob);
  const initiator = createInitiatorHandshake({ suite, identity: alice, now }, { peerId: bob.peerId });
  const responder = createResponderHandshake({ suite, identity: bob, now }, (peerId) => ({ peerId }));
  samples.hello = await initiator.hello();
  const reply = await responder.receiveHello(samples.hello);
  samples.reply = reply.ok ? reply.value : new Uint8Array();
  const finished = await initiator.receiveReply(samples.reply);
  samples.finish = finished.ok ? finished.value.finish : new Uint8Array();
  const record = await pair.initiator.cipher.seal(new Uint8Array(40), 'conversation');
  samples.record = record.ok ? record.value : new Uint8Array();
  // Sealed to Bob's signing key as if it were his encryption key: only decoding is exercised here.
  const envelope = await sealEnvelope(
    { suite, sender: alice, now },
    { peerId: bob.peerId, encryptionKey: await rsaOaepSpki() },
    new Uint8Array(10),
  );
  samples.envelope = envelope.ok ? envelope.value : new Uint8Array();
});

const rsaOaepSpki = async () => {
  const keys = await crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['encrypt', 'decrypt'],
  );
  return new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
};

/** Random bytes, or a valid sample truncated, extended or with bytes overwritten. */
const mutated = (sample: () => Uint8Array) =>
  fc.oneof(
    fc.uint8Array({ maxLength: 2048 }),
    fc.nat().map((cut) => sample().subarray(0, cut % (sample().length + 1))),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((tail) => Uint8Array.from([...sample(), ...tail])),
    fc
      .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
      .map((edits) => {
        const copy = Uint8Array.from(sample());
        for (const [at, value] of edits) {
          copy[at % Math.max(copy.length, 1)] = value;
        }
        return copy;
      }),
  );

const isCodedFailureOrSuccess = (result: Result<unknown>) =>
  result.ok || (ERROR_CODES as readonly string[]).includes(result.error.code);

describe('decoders under fuzzing', () => {
  it('pure decoders return a value or a failure tag for thousands of inputs', () => {
    for (const [decode, sample] of [
      [decodeHello, () => samples.hello],
      [decodeReply, () => samples.reply],
      [decodeFinish, () => samples.finish],
      [decodeRecord, () => samples.record],
    ] as const) {
      fc.assert(
        fc.property(mutated(sample), (input) => {
          const decoded = decode(input);
          expect(typeof decoded === 'string' || typeof decoded === 'object').toBe(true);
        }),
        { numRuns: 3000 },
      );
    }
  });

  it('opening records answers every corrupted record with a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(
        mutated(() => samples.record),
        async (input) => {
          const result = await pair.responder.cipher.open(input);
          expect(isCodedFailureOrSuccess(result)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('handshake steps answer every corrupted message with a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(
        mutated(() => samples.hello),
        async (input) => {
          const responder = createResponderHandshake({ suite, identity: bob, now }, (peerId) => ({ peerId }));
          expect(isCodedFailureOrSuccess(await responder.receiveHello(input))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(
        mutated(() => samples.reply),
        async (input) => {
          const initiator = createInitiatorHandshake({ suite, identity: alice, now }, { peerId: bob.peerId });
          await initiator.hello();
          expect(isCodedFailureOrSuccess(await initiator.receiveReply(input))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('opening envelopes answers every corrupted envelope with a coded error', async () => {
    const opener = { peerId: bob.peerId, unwrapKey: () => Promise.resolve(null) };
    await fc.assert(
      fc.asyncProperty(
        mutated(() => samples.envelope),
        async (input) => {
          expect(isCodedFailureOrSuccess(await openEnvelope({ suite, recipient: opener, now }, input))).toBe(
            true,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
