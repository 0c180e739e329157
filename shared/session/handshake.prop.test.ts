// Properties of the handshake over real RSA-3072 identities: any change to any message in flight, including its
// version byte, stops the session from being established; a valid signature from the wrong identity never passes.
import fc from 'fast-check';
import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { createWebCryptoSuite } from '../crypto/web-crypto-suite';
import { createTestIdentity } from '../testing/test-identity';
import { createInitiatorHandshake, createResponderHandshake, type HandshakeIdentity } from './handshake';

const crypto = webcrypto as unknown as WebCryptoPort;
const suite = createWebCryptoSuite(crypto);
const now = () => 0;

let people: HandshakeIdentity[] = [];
beforeAll(async () => {
  people = await Promise.all([0, 1, 2].map(() => createTestIdentity(crypto)));
});

const flip = (bytes: Uint8Array, at: number, bit: number): Uint8Array => {
  const copy = Uint8Array.from(bytes);
  const index = at % copy.length;
  copy[index] = (copy[index] ?? 0) ^ (1 << bit);
  return copy;
};

/** Runs one handshake, flipping one bit of message `target` (0 hello, 1 reply, 2 finish) on its way. */
const runWithFlip = async (target: number, at: number, bit: number) => {
  const [alice, bob] = people as [HandshakeIdentity, HandshakeIdentity];
  const initiator = createInitiatorHandshake({ suite, identity: alice, now }, { peerId: bob.peerId });
  const responder = createResponderHandshake({ suite, identity: bob, now }, (peerId) => ({ peerId }));
  const maybeFlip = (index: number, bytes: Uint8Array) => (index === target ? flip(bytes, at, bit) : bytes);
  const reply = await responder.receiveHello(maybeFlip(0, await initiator.hello()));
  if (!reply.ok) {
    return reply;
  }
  const finished = await initiator.receiveReply(maybeFlip(1, reply.value));
  if (!finished.ok) {
    return finished;
  }
  return responder.receiveFinish(maybeFlip(2, finished.value.finish));
};

describe('handshake properties', () => {
  it('never establishes a session when any bit of any handshake message is flipped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        async (target, at, bit) => {
          const outcome = await runWithFlip(target, at, bit);
          expect(outcome.ok).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses every version but 1 in every message (no downgrade)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 7 }),
        async (target, bit) => {
          const outcome = await runWithFlip(target, 0, bit);
          expect(outcome.ok).toBe(false);
        },
      ),
      { numRuns: 24 },
    );
  });

  it('rejects a responder who is not the expected peer, whoever they are', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 2 }),
        async (i, expected, actual) => {
          fc.pre(expected !== actual && i !== actual && i !== expected);
          const [initiatorId, expectedId, actualId] = [
            people[i],
            people[expected],
            people[actual],
          ] as HandshakeIdentity[];
          if (!initiatorId || !expectedId || !actualId) {
            throw new Error('missing identity');
          }
          const initiator = createInitiatorHandshake(
            { suite, identity: initiatorId, now },
            { peerId: expectedId.peerId },
          );
          // The impostor answers correctly and signs validly — as itself.
          const hello = await initiator.hello();
          const readdressed = Uint8Array.from(hello);
          readdressed.set(new TextEncoder().encode(actualId.peerId), 2 + 32);
          const reply = await createResponderHandshake({ suite, identity: actualId, now }, (peerId) => ({
            peerId,
          })).receiveHello(readdressed);
          if (!reply.ok) {
            throw new Error(reply.error.code);
          }
          expect(await initiator.receiveReply(reply.value)).toMatchObject({
            ok: false,
            error: { code: 'SESSION_PEER_MISMATCH' },
          });
        },
      ),
      { numRuns: 12 },
    );
  });
});
