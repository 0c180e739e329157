// Computes the known-answer vectors of session protocol v1 from fixed inputs. `npm run vectors:session` writes
// them to session-vectors.json; session-vectors.test.ts recomputes them and checks every byte.
import type { CryptoSuite } from '../../crypto/crypto-suite';
import { base64ToBytes, utf8 } from '../../encoding/bytes';
import {
  deriveEpochKeyMaterial,
  deriveSessionSecrets,
  nextTrafficSecret,
  recordNonce,
} from '../key-schedule';
import { createSessionCipher } from '../session-cipher';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
export const fromHex = (text: string): Uint8Array =>
  Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));

/** Fixed inputs: bytes 0x00.., 0x20.. so anyone can rebuild them. */
const SHARED_SECRET = Uint8Array.from({ length: 32 }, (_, i) => i);
const TRANSCRIPT_HASH = Uint8Array.from({ length: 32 }, (_, i) => 0x20 + i);
const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const BOB = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

export const computeSessionVectors = async (suite: CryptoSuite) => {
  const secrets = await deriveSessionSecrets(suite, SHARED_SECRET, TRANSCRIPT_HASH);
  const epoch0 = await deriveEpochKeyMaterial(suite, secrets.initiatorToResponder);
  const secret1 = await nextTrafficSecret(suite, secrets.initiatorToResponder);
  const epoch1 = await deriveEpochKeyMaterial(suite, secret1);
  const cipher = createSessionCipher({
    suite,
    localPeerId: ALICE,
    remotePeerId: BOB,
    sendSecret: secrets.initiatorToResponder,
    receiveSecret: secrets.responderToInitiator,
    now: () => 0,
  });
  const records = [];
  for (const text of ['hello', '']) {
    const sealed = await cipher.seal(utf8(text), 'c1');
    if (!sealed.ok) {
      throw new Error(sealed.error.message);
    }
    records.push({ conversationId: 'c1', plaintextUtf8: text, record: hex(sealed.value) });
  }
  return {
    description:
      'Parley session protocol v1 known-answer vectors (docs/PROTOCOL.md). All byte strings are hex.',
    keySchedule: {
      sharedSecret: hex(SHARED_SECRET),
      transcriptHash: hex(TRANSCRIPT_HASH),
      initiatorToResponder: hex(secrets.initiatorToResponder),
      responderToInitiator: hex(secrets.responderToInitiator),
      sessionId: hex(secrets.sessionId),
      initiatorToResponderEpoch0: { key: hex(epoch0.key), iv: hex(epoch0.iv) },
      initiatorToResponderSecretEpoch1: hex(secret1),
      initiatorToResponderEpoch1: { key: hex(epoch1.key), iv: hex(epoch1.iv) },
    },
    nonces: [0, 1, 255, 256, 2 ** 32, 2 ** 53 - 1].map((sequence) => ({
      iv: hex(epoch0.iv),
      sequence,
      nonce: hex(recordNonce(epoch0.iv, sequence)),
    })),
    records: { sender: ALICE, recipient: BOB, epoch: 0, firstSequence: 0, items: records },
  };
};

export type SessionVectors = Awaited<ReturnType<typeof computeSessionVectors>>;

// RFC 7748 section 6.1: X25519 with fixed keys (Alice's private scalar as PKCS#8 for WebCrypto import).
export const RFC7748 = {
  alicePrivatePkcs8: base64ToBytes('MC4CAQAwBQYDK2VuBCIEIHcHbQpzGKV9PBbBclGyZkXfTC+H68CZKrF3+6UduSwq'),
  bobPublic: fromHex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'),
  shared: fromHex('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742'),
};
