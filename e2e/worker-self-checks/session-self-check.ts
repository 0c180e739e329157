// The session layer exercised end to end inside a browser Worker: known-answer vectors, RFC 7748, a real
// handshake between two RSA-3072 identities, records (round trip, tamper, replay) and sealed envelopes.
import type { WebCryptoPort } from '../../shared/crypto/web-crypto-port';
import { createWebCryptoSuite } from '../../shared/crypto/web-crypto-suite';
import { utf8 } from '../../shared/encoding/bytes';
import { openEnvelope, sealEnvelope } from '../../shared/session/sealed-envelope';
import committedVectors from '../../shared/session/vectors/session-vectors.json';
import { computeSessionVectors, RFC7748 } from '../../shared/session/vectors/session-vectors';
import { establishSessionPair } from '../../shared/testing/session-pair';
import { createTestIdentity } from '../../shared/testing/test-identity';
import { createSelfCheck, type SelfCheckReport } from './self-check';

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((value, i) => value === b[i]);

export const runSessionSelfCheck = async (browserCrypto: Crypto): Promise<SelfCheckReport> => {
  const crypto = browserCrypto as unknown as WebCryptoPort;
  const suite = createWebCryptoSuite(crypto);
  const { report, check } = createSelfCheck();

  await check(
    'known-answer vectors',
    async () => JSON.stringify(await computeSessionVectors(suite)) === JSON.stringify(committedVectors),
  );
  await check('RFC 7748 X25519', async () => {
    const key = await crypto.subtle.importKey(
      'pkcs8',
      Uint8Array.from(RFC7748.alicePrivatePkcs8),
      { name: 'X25519' },
      false,
      ['deriveBits'],
    );
    const shared = await suite.deriveShared(key, RFC7748.bobPublic);
    return shared !== null && same(shared, RFC7748.shared);
  });

  const [alice, bob] = await Promise.all([createTestIdentity(crypto), createTestIdentity(crypto)]);
  const { initiator, responder } = await establishSessionPair(suite, alice, bob);
  await check('handshake and record round trip', async () => {
    const sealed = await initiator.cipher.seal(utf8('hello from the worker'), 'c');
    const opened = sealed.ok ? await responder.cipher.open(sealed.value) : null;
    return opened?.ok === true && same(opened.value.plaintext, utf8('hello from the worker'));
  });
  await check('tampered record rejected', async () => {
    const sealed = await responder.cipher.seal(new Uint8Array(64), 'c');
    if (!sealed.ok) {
      return false;
    }
    const tampered = Uint8Array.from(sealed.value);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    const opened = await initiator.cipher.open(tampered);
    return !opened.ok && opened.error.code === 'SESSION_DECRYPT_FAILED';
  });
  await check('replayed record rejected', async () => {
    const sealed = await initiator.cipher.seal(new Uint8Array(8), 'c');
    if (!sealed.ok || !(await responder.cipher.open(sealed.value)).ok) {
      return false;
    }
    const replay = await responder.cipher.open(sealed.value);
    return !replay.ok && replay.error.code === 'SESSION_REPLAY';
  });
  await check('sealed envelope round trip', async () => {
    const keys = await crypto.subtle.generateKey(
      { name: 'RSA-OAEP', modulusLength: 3072, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      false,
      ['encrypt', 'decrypt'],
    );
    const encryptionKey = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
    const now = () => Date.now();
    const envelope = await sealEnvelope(
      { suite, sender: alice, now },
      { peerId: bob.peerId, encryptionKey },
      utf8('sealed'),
    );
    if (!envelope.ok) {
      return false;
    }
    const unwrapKey = async (wrapped: Uint8Array) =>
      new Uint8Array(
        await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, keys.privateKey, Uint8Array.from(wrapped)),
      );
    const opened = await openEnvelope(
      { suite, recipient: { peerId: bob.peerId, unwrapKey }, now },
      envelope.value,
    );
    return (
      opened.ok && opened.value.senderId === alice.peerId && same(opened.value.plaintext, utf8('sealed'))
    );
  });
  return report;
};
