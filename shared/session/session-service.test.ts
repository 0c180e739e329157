import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { createWebCryptoSuite } from '../crypto/web-crypto-suite';
import { utf8 } from '../encoding/bytes';
import { createTestIdentity } from '../testing/test-identity';
import type { HandshakeIdentity } from './handshake';
import { createSessionService, type PinnedKeys, type SessionService } from './session-service';

const crypto = webcrypto as unknown as WebCryptoPort;
const suite = createWebCryptoSuite(crypto);

const memoryPins = (): PinnedKeys & { readonly pins: Map<string, Uint8Array> } => {
  const pins = new Map<string, Uint8Array>();
  return {
    pins,
    get: (peerId) => Promise.resolve(pins.get(peerId) ?? null),
    pin: (peerId, key) => {
      pins.set(peerId, key);
      return Promise.resolve();
    },
  };
};

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

const serviceFor = (identity: HandshakeIdentity, pins = memoryPins()) =>
  createSessionService({ suite, identity: () => Promise.resolve(identity), pinnedKeys: pins, now: () => 0 });

/** Relays handshake messages between two services as a data channel would. */
const connect = async (a: SessionService, aId: string, b: SessionService, bId: string) => {
  const hello = await a.begin(bId);
  const reply = hello.ok ? await b.handshake(aId, hello.value) : hello;
  const finish = reply.ok && reply.value.reply ? await a.handshake(bId, reply.value.reply) : reply;
  const done = finish.ok && finish.value.reply ? await b.handshake(aId, finish.value.reply) : finish;
  return { finish, done };
};

describe('session service', () => {
  it('establishes a session from relayed bytes and then seals and opens records', async () => {
    const [a, b] = [serviceFor(alice), serviceFor(bob)];
    const { finish, done } = await connect(a, alice.peerId, b, bob.peerId);
    expect(finish).toMatchObject({ ok: true, value: { established: true } });
    expect(done).toEqual({ ok: true, value: { reply: null, established: true } });
    const record = await a.seal(bob.peerId, 'chat', utf8('secret'));
    expect(record.ok && (await b.open(alice.peerId, record.value))).toEqual({
      ok: true,
      value: { conversationId: 'chat', plaintext: utf8('secret') },
    });
  });

  it('refuses a hello of another version as unsupported', async () => {
    const hello = await serviceFor(alice).begin(bob.peerId);
    if (!hello.ok) {
      throw new Error('no hello');
    }
    const newer = Uint8Array.from(hello.value);
    newer[0] = 2;
    expect(await serviceFor(bob).handshake(alice.peerId, newer)).toMatchObject({
      ok: false,
      error: { code: 'SESSION_UNSUPPORTED_VERSION' },
    });
  });

  it('does not revive a session ended while its handshake was finishing', async () => {
    const [a, b] = [serviceFor(alice), serviceFor(bob)];
    const hello = await a.begin(bob.peerId);
    const reply = hello.ok ? await b.handshake(alice.peerId, hello.value) : hello;
    if (!reply.ok || !reply.value.reply) {
      throw new Error('no reply');
    }
    // The channel closes while the initiator is still checking the reply.
    const finishing = a.handshake(bob.peerId, reply.value.reply);
    a.end(bob.peerId);
    expect(await finishing).toMatchObject({ ok: false, error: { code: 'SESSION_UNEXPECTED_MESSAGE' } });
    expect(await a.seal(bob.peerId, 'chat', utf8('x'))).toMatchObject({
      ok: false,
      error: { code: 'SESSION_UNEXPECTED_MESSAGE' },
    });
  });

  it('keeps a new handshake when an older one with the same peer finishes late', async () => {
    const [a, b] = [serviceFor(alice), serviceFor(bob)];
    const first = await a.begin(bob.peerId);
    const firstReply = first.ok ? await b.handshake(alice.peerId, first.value) : first;
    if (!firstReply.ok || !firstReply.value.reply) {
      throw new Error('no reply');
    }
    const late = a.handshake(bob.peerId, firstReply.value.reply);
    // A reconnect begins a new handshake meanwhile; it must complete as if the old one never finished.
    const second = await a.begin(bob.peerId);
    expect(await late).toMatchObject({ ok: false, error: { code: 'SESSION_UNEXPECTED_MESSAGE' } });
    const secondReply = second.ok ? await b.handshake(alice.peerId, second.value) : second;
    const finish =
      secondReply.ok && secondReply.value.reply
        ? await a.handshake(bob.peerId, secondReply.value.reply)
        : secondReply;
    expect(finish).toMatchObject({ ok: true, value: { established: true } });
  });

  it('pins the key seen first, and reports a changed safety number afterwards', async () => {
    const pins = memoryPins();
    const a = serviceFor(alice, pins);
    await connect(a, alice.peerId, serviceFor(bob), bob.peerId);
    expect(pins.pins.get(bob.peerId)).toEqual(bob.signingKey);
    pins.pins.set(bob.peerId, mallory.signingKey);
    const { finish } = await connect(a, alice.peerId, serviceFor(bob), bob.peerId);
    expect(finish).toMatchObject({ ok: false, error: { code: 'SESSION_SAFETY_NUMBER_CHANGED' } });
    expect(await a.seal(bob.peerId, 'c', utf8('x'))).toMatchObject({
      ok: false,
      error: { code: 'SESSION_UNEXPECTED_MESSAGE' },
    });
  });

  it('refuses a hello from someone other than the channel’s peer, and records without a session', async () => {
    const b = serviceFor(bob);
    const hello = await serviceFor(mallory).begin(bob.peerId);
    expect(hello.ok && (await b.handshake(alice.peerId, hello.value))).toMatchObject({
      ok: false,
      error: { code: 'SESSION_PEER_MISMATCH' },
    });
    expect(await b.open(alice.peerId, new Uint8Array(40))).toMatchObject({
      ok: false,
      error: { code: 'SESSION_UNEXPECTED_MESSAGE' },
    });
  });
});
