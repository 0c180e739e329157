import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { createWebCryptoSuite } from '../crypto/web-crypto-suite';
import { utf8 } from '../encoding/bytes';
import { createTestIdentity } from '../testing/test-identity';
import { establishSessionPair } from '../testing/session-pair';
import { createInitiatorHandshake, createResponderHandshake, type HandshakeIdentity } from './handshake';

const crypto = webcrypto as unknown as WebCryptoPort;
const suite = createWebCryptoSuite(crypto);
const now = () => 1_700_000_000_000;

let alice: HandshakeIdentity;
let bob: HandshakeIdentity;
let mallory: HandshakeIdentity;

beforeAll(async () => {
  [alice, bob, mallory] = await Promise.all([
    createTestIdentity(crypto),
    createTestIdentity(crypto),
    createTestIdentity(crypto),
  ]);
});

const start = (initiator: HandshakeIdentity, expectedResponder: string, pinned?: Uint8Array) =>
  createInitiatorHandshake(
    { suite, identity: initiator, now },
    pinned ? { peerId: expectedResponder, pinnedSigningKey: pinned } : { peerId: expectedResponder },
  );
const respond = (responder: HandshakeIdentity, accept: (id: string) => boolean = () => true) =>
  createResponderHandshake({ suite, identity: responder, now }, (peerId) =>
    accept(peerId) ? { peerId } : null,
  );

describe('session handshake', () => {
  it('establishes working sessions in both directions with the same session ID', async () => {
    const { initiator, responder } = await establishSessionPair(suite, alice, bob);
    expect(initiator.remotePeerId).toBe(bob.peerId);
    expect(responder.remotePeerId).toBe(alice.peerId);
    expect(initiator.sessionId).toEqual(responder.sessionId);
    const toBob = await initiator.cipher.seal(utf8('hi bob'), 'conv');
    const toAlice = await responder.cipher.seal(utf8('hi alice'), 'conv');
    if (!toBob.ok || !toAlice.ok) {
      throw new Error('seal failed');
    }
    expect(await responder.cipher.open(toBob.value)).toMatchObject({
      ok: true,
      value: { plaintext: utf8('hi bob') },
    });
    expect(await initiator.cipher.open(toAlice.value)).toMatchObject({
      ok: true,
      value: { plaintext: utf8('hi alice') },
    });
  });

  it('gives every session fresh keys', async () => {
    const first = await establishSessionPair(suite, alice, bob);
    const second = await establishSessionPair(suite, alice, bob);
    expect(first.initiator.sessionId).not.toEqual(second.initiator.sessionId);
    const record = await first.initiator.cipher.seal(utf8('x'), 'c');
    expect(record.ok && (await second.responder.cipher.open(record.value))).toMatchObject({
      ok: false,
      error: { code: 'SESSION_DECRYPT_FAILED' },
    });
  });

  it('rejects an impersonator who answers with a valid signature from another identity', async () => {
    const initiator = start(alice, bob.peerId);
    // Mallory answers a hello meant for Bob, pretending the hello was for her, and signs correctly as herself.
    const hello = await initiator.hello();
    const relabelled = Uint8Array.from(hello);
    relabelled.set(utf8(mallory.peerId), 2 + 32);
    const reply = await respond(mallory).receiveHello(relabelled);
    if (!reply.ok) {
      throw new Error(reply.error.message);
    }
    expect(await initiator.receiveReply(reply.value)).toMatchObject({
      ok: false,
      error: { code: 'SESSION_PEER_MISMATCH' },
    });
  });

  it('reports a changed safety number when a known contact presents a different key', async () => {
    const initiator = start(alice, bob.peerId, mallory.signingKey);
    const reply = await respond(bob).receiveHello(await initiator.hello());
    expect(reply.ok && (await initiator.receiveReply(reply.value))).toMatchObject({
      ok: false,
      error: { code: 'SESSION_SAFETY_NUMBER_CHANGED' },
    });
  });

  it('rejects a reply whose transcript was tampered with', async () => {
    const initiator = start(alice, bob.peerId);
    const reply = await respond(bob).receiveHello(await initiator.hello());
    if (!reply.ok) {
      throw new Error(reply.error.message);
    }
    const tampered = Uint8Array.from(reply.value);
    tampered[40] = (tampered[40] ?? 0) ^ 1; // inside the responder's nonce
    expect(await initiator.receiveReply(tampered)).toMatchObject({
      ok: false,
      error: { code: 'SESSION_BAD_SIGNATURE' },
    });
  });

  it('rejects a finish signed by someone other than the claimed initiator', async () => {
    const real = start(alice, bob.peerId);
    const responder = respond(bob);
    const reply = await responder.receiveHello(await real.hello());
    const done = reply.ok ? await real.receiveReply(reply.value) : null;
    if (!done?.ok) {
      throw new Error('handshake failed');
    }
    const forged = Uint8Array.from(done.value.finish);
    forged[forged.length - 1] = (forged[forged.length - 1] ?? 0) ^ 0x80;
    expect(await responder.receiveFinish(forged)).toMatchObject({
      ok: false,
      error: { code: 'SESSION_BAD_SIGNATURE' },
    });
  });

  it('refuses a version downgrade and unexpected or misaddressed messages', async () => {
    const initiator = start(alice, bob.peerId);
    const hello = await initiator.hello();
    const downgraded = Uint8Array.from(hello);
    downgraded[0] = 0;
    expect(await respond(bob).receiveHello(downgraded)).toMatchObject({
      ok: false,
      error: { code: 'SESSION_UNSUPPORTED_VERSION' },
    });
    expect(await respond(mallory).receiveHello(hello)).toMatchObject({
      ok: false,
      error: { code: 'SESSION_PEER_MISMATCH' },
    });
    expect(await respond(bob, () => false).receiveHello(hello)).toMatchObject({
      ok: false,
      error: { code: 'SESSION_PEER_MISMATCH' },
    });
    expect(await respond(bob).receiveFinish(hello)).toMatchObject({
      ok: false,
      error: { code: 'SESSION_UNEXPECTED_MESSAGE' },
    });
    expect(await initiator.receiveReply(hello)).toMatchObject({
      ok: false,
      error: { code: 'SESSION_UNEXPECTED_MESSAGE' },
    });
  });

  it('accepts one reply per hello', async () => {
    const initiator = start(alice, bob.peerId);
    const reply = await respond(bob).receiveHello(await initiator.hello());
    if (!reply.ok) {
      throw new Error(reply.error.message);
    }
    expect((await initiator.receiveReply(reply.value)).ok).toBe(true);
    expect(await initiator.receiveReply(reply.value)).toMatchObject({
      ok: false,
      error: { code: 'SESSION_UNEXPECTED_MESSAGE' },
    });
  });
});
