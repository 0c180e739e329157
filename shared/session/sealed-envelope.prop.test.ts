import fc from 'fast-check';
import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CryptoKeyHandle, WebCryptoPort } from '../crypto/web-crypto-port';
import { createWebCryptoSuite } from '../crypto/web-crypto-suite';
import { utf8 } from '../encoding/bytes';
import { createTestIdentity } from '../testing/test-identity';
import type { HandshakeIdentity } from './handshake';
import { ByteWriter } from '../encoding/byte-codec';
import {
  ENVELOPE_SIGNATURE_DOMAIN,
  openEnvelope,
  sealEnvelope,
  type EnvelopeOpener,
} from './sealed-envelope';

const crypto = webcrypto as unknown as WebCryptoPort;
const suite = createWebCryptoSuite(crypto);
const NOW = 1_750_000_000_000;
const now = () => NOW;

let alice: HandshakeIdentity;
let bob: HandshakeIdentity;
let mallory: HandshakeIdentity;
let bobEncryptionKey: Uint8Array;
let bobOpener: EnvelopeOpener;

const rsaOaepPair = async () => {
  const pair = await crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    false,
    ['encrypt', 'decrypt'],
  );
  return {
    spki: new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)),
    privateKey: pair.privateKey,
  };
};

const openerFor = (peerId: string, privateKey: CryptoKeyHandle): EnvelopeOpener => ({
  peerId,
  unwrapKey: async (wrapped) => {
    try {
      return new Uint8Array(
        await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, privateKey, Uint8Array.from(wrapped)),
      );
    } catch {
      return null;
    }
  },
});

beforeAll(async () => {
  [alice, bob, mallory] = await Promise.all([
    createTestIdentity(crypto),
    createTestIdentity(crypto),
    createTestIdentity(crypto),
  ]);
  const bobKeys = await rsaOaepPair();
  bobEncryptionKey = bobKeys.spki;
  bobOpener = openerFor(bob.peerId, bobKeys.privateKey);
});

const sealFrom = async (sender: HandshakeIdentity, plaintext: Uint8Array, at = NOW) => {
  const sealed = await sealEnvelope(
    { suite, sender, now: () => at },
    { peerId: bob.peerId, encryptionKey: bobEncryptionKey },
    plaintext,
  );
  if (!sealed.ok) {
    throw new Error(sealed.error.message);
  }
  return sealed.value;
};

const open = (envelope: Uint8Array, options = {}) =>
  openEnvelope({ suite, recipient: bobOpener, now }, envelope, options);

describe('sealed envelopes', () => {
  it('round-trips content of any size, telling the recipient who sent it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 20_000 }), async (plaintext) => {
        const opened = await open(await sealFrom(alice, plaintext));
        expect(opened).toMatchObject({ ok: true, value: { senderId: alice.peerId, createdAt: NOW } });
        expect(opened.ok && opened.value.plaintext).toEqual(plaintext);
      }),
      { numRuns: 15 },
    );
  });

  it('rejects an envelope with any single bit flipped', async () => {
    const envelope = await sealFrom(alice, utf8('meet at noon'));
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: envelope.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        async (index, bit) => {
          const tampered = Uint8Array.from(envelope);
          tampered[index] = (tampered[index] ?? 0) ^ (1 << bit);
          expect((await open(tampered)).ok).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives the same envelope the same ID, so a replay can be recognised', async () => {
    const envelope = await sealFrom(alice, utf8('once'));
    const [first, second] = await Promise.all([open(envelope), open(envelope)]);
    expect(first.ok && second.ok && first.value.envelopeId).toEqual(second.ok && second.value.envelopeId);
    const other = await open(await sealFrom(alice, utf8('once')));
    expect(other.ok && other.value.envelopeId).not.toEqual(first.ok && first.value.envelopeId);
  });

  it('gives one body the same ID under any valid signature, so a re-signed or re-encoded copy is a replay too', async () => {
    const envelope = await sealFrom(alice, utf8('once'));
    // The last field is the signature (u16 length, then 384 bytes for RSA-3072).
    const body = envelope.subarray(0, envelope.length - 2 - 384);
    const resigned = new ByteWriter()
      .bytes(body)
      .bytes16(await alice.sign(ENVELOPE_SIGNATURE_DOMAIN, body))
      .finish();
    expect(resigned).not.toEqual(envelope);
    const [first, second] = await Promise.all([open(envelope), open(resigned)]);
    expect(first.ok && second.ok).toBe(true);
    expect(first.ok && first.value.envelopeId).toEqual(second.ok && second.value.envelopeId);
  });

  it('rejects an impersonator who signs validly with their own key under the victim’s peer ID', async () => {
    const envelope = await sealFrom(mallory, utf8('I am Alice'));
    const relabelled = Uint8Array.from(envelope);
    relabelled.set(utf8(alice.peerId), 2);
    expect(await open(relabelled)).toMatchObject({ ok: false, error: { code: 'ENVELOPE_BAD_SIGNATURE' } });
    expect(await open(envelope, { expectedSender: { peerId: alice.peerId } })).toMatchObject({
      ok: false,
      error: { code: 'ENVELOPE_BAD_SIGNATURE' },
    });
  });

  it('reports a changed safety number for a known sender with a new key', async () => {
    const envelope = await sealFrom(alice, utf8('hi'));
    expect(
      await open(envelope, {
        expectedSender: { peerId: alice.peerId, pinnedSigningKey: mallory.signingKey },
      }),
    ).toMatchObject({ ok: false, error: { code: 'SESSION_SAFETY_NUMBER_CHANGED' } });
  });

  it('refuses envelopes for someone else, too old, dated in the future, or of another version', async () => {
    const envelope = await sealFrom(alice, utf8('hi'));
    expect(
      await openEnvelope({ suite, recipient: { ...bobOpener, peerId: alice.peerId }, now }, envelope),
    ).toMatchObject({
      ok: false,
      error: { code: 'ENVELOPE_WRONG_RECIPIENT' },
    });
    expect(await open(await sealFrom(alice, utf8('old'), NOW - 60_000), { maxAgeMs: 30_000 })).toMatchObject({
      ok: false,
      error: { code: 'ENVELOPE_EXPIRED' },
    });
    expect(await open(await sealFrom(alice, utf8('future'), NOW + 3_600_000))).toMatchObject({
      ok: false,
      error: { code: 'ENVELOPE_EXPIRED' },
    });
    const downgraded = Uint8Array.from(envelope);
    downgraded[0] = 0;
    expect(await open(downgraded)).toMatchObject({
      ok: false,
      error: { code: 'ENVELOPE_UNSUPPORTED_VERSION' },
    });
  });
});
