// Known-answer tests: the key schedule, nonces and record encoding must reproduce the committed vectors exactly,
// HKDF must agree with node:crypto's independent implementation, and X25519 with RFC 7748.
import { hkdfSync, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WebCryptoPort } from '../../crypto/web-crypto-port';
import { createWebCryptoSuite } from '../../crypto/web-crypto-suite';
import { utf8 } from '../../encoding/bytes';
import { createSessionCipher } from '../session-cipher';
import committed from './session-vectors.json';
import { computeSessionVectors, fromHex, RFC7748 } from './session-vectors';

const crypto = webcrypto as unknown as WebCryptoPort;
const suite = createWebCryptoSuite(crypto);

describe('session protocol v1 vectors', () => {
  it('reproduces every committed vector', async () => {
    expect(await computeSessionVectors(suite)).toEqual(committed);
  });

  it('derives traffic secrets exactly as RFC 5869 HKDF-SHA256 (checked against node:crypto)', () => {
    const { sharedSecret, transcriptHash, initiatorToResponder } = committed.keySchedule;
    const master = hkdfSync(
      'sha256',
      fromHex(sharedSecret),
      fromHex(transcriptHash),
      'parley session v1 master',
      32,
    );
    const traffic = hkdfSync('sha256', Buffer.from(master), Buffer.alloc(0), 'parley traffic v1 i2r', 32);
    expect(Buffer.from(traffic).toString('hex')).toBe(initiatorToResponder);
  });

  it('opens the committed records as the recipient', async () => {
    const { keySchedule, records } = committed;
    const receiver = createSessionCipher({
      suite,
      localPeerId: records.recipient,
      remotePeerId: records.sender,
      sendSecret: fromHex(keySchedule.responderToInitiator),
      receiveSecret: fromHex(keySchedule.initiatorToResponder),
      now: () => 0,
    });
    for (const item of records.items) {
      const opened = await receiver.open(fromHex(item.record));
      expect(opened).toMatchObject({ ok: true, value: { conversationId: item.conversationId } });
      expect(opened.ok && opened.value.plaintext).toEqual(utf8(item.plaintextUtf8));
    }
  });

  it('computes the RFC 7748 X25519 shared secret', async () => {
    const alicePrivate = await crypto.subtle.importKey(
      'pkcs8',
      Uint8Array.from(RFC7748.alicePrivatePkcs8),
      { name: 'X25519' },
      false,
      ['deriveBits'],
    );
    expect(await suite.deriveShared(alicePrivate, RFC7748.bobPublic)).toEqual(RFC7748.shared);
    expect(await suite.deriveShared(alicePrivate, new Uint8Array(32))).toBeNull();
  });
});
