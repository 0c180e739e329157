// Sealed envelopes (docs/PROTOCOL.md, "Sealed envelopes"): a message for a peer with whom no session exists —
// stored at a relay, or a signaling payload the server must not read. A fresh AES-256-GCM key encrypts the
// content and is wrapped to the recipient's RSA-OAEP key; the sender signs the whole envelope with its identity.
import type { CryptoSuite } from '../crypto/crypto-suite';
import { ByteReader, ByteWriter, bytesEqual, concatBytes } from '../encoding/byte-codec';
import { utf8, utf8ToString } from '../encoding/bytes';
import { PEER_ID_PATTERN, peerIdFromSpkiDigest } from '../identity/peer-id';
import { fail, ok, type Result } from '../result';
import type { ExpectedPeer, HandshakeIdentity } from './handshake';
import { MAX_RECORD_PLAINTEXT, TAG_BYTES } from './record-codec';

export const ENVELOPE_VERSION = 1;
export const ENVELOPE_TYPE = 0x21;
export const ENVELOPE_SIGNATURE_DOMAIN = 'parley-sealed-envelope-v1';
const NONCE_BYTES = 12;
const CONTENT_KEY_BYTES = 32;
const MAX_KEY_BYTES = 1024;
/** Envelopes dated further in the future than this are refused (clock skew allowance). */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface EnvelopeRecipient {
  readonly peerId: string;
  /** SPKI of the recipient's RSA-OAEP key, from its verified key bundle. */
  readonly encryptionKey: Uint8Array;
}

export interface EnvelopeOpener {
  readonly peerId: string;
  /** RSA-OAEP decryption with the local private key; null when it fails. */
  unwrapKey(wrapped: Uint8Array): Promise<Uint8Array | null>;
}

export interface OpenedEnvelope {
  readonly senderId: string;
  readonly senderSigningKey: Uint8Array;
  readonly createdAt: number;
  readonly plaintext: Uint8Array;
  /**
   * SHA-256 of the signed body, so callers can remember it and drop a replayed envelope. The signature is left
   * out: RSA-PSS signs with a random salt, and some verifiers also accept a re-encoded signature, so one body can
   * travel under many valid signatures.
   */
  readonly envelopeId: Uint8Array;
}

const signedPart = (bytes: Uint8Array): Uint8Array =>
  concatBytes(utf8(`${ENVELOPE_SIGNATURE_DOMAIN}\n`), bytes);

export const sealEnvelope = async (
  deps: { readonly suite: CryptoSuite; readonly sender: HandshakeIdentity; readonly now: () => number },
  recipient: EnvelopeRecipient,
  plaintext: Uint8Array,
): Promise<Result<Uint8Array>> => {
  if (plaintext.length > MAX_RECORD_PLAINTEXT) {
    return fail('ENVELOPE_MALFORMED', 'envelope content larger than 1 MiB');
  }
  const contentKey = deps.suite.randomBytes(CONTENT_KEY_BYTES);
  const wrappedKey = await deps.suite.wrapKey(recipient.encryptionKey, contentKey);
  if (!wrappedKey) {
    return fail('ENVELOPE_MALFORMED', "the recipient's encryption key is not a valid RSA-OAEP key");
  }
  const nonce = deps.suite.randomBytes(NONCE_BYTES);
  const header = new ByteWriter()
    .u8(ENVELOPE_VERSION)
    .u8(ENVELOPE_TYPE)
    .bytes(utf8(deps.sender.peerId))
    .bytes(utf8(recipient.peerId))
    .u64(deps.now())
    .bytes16(deps.sender.signingKey)
    .bytes16(wrappedKey)
    .bytes(nonce)
    .finish();
  const key = await deps.suite.aead.importKey(contentKey);
  const sealed = await deps.suite.aead.seal(key, nonce, header, plaintext);
  const body = new ByteWriter().bytes(header).bytes32(sealed).finish();
  const signature = await deps.sender.sign(ENVELOPE_SIGNATURE_DOMAIN, body);
  return ok(new ByteWriter().bytes(body).bytes16(signature).finish());
};

export const openEnvelope = async (
  deps: { readonly suite: CryptoSuite; readonly recipient: EnvelopeOpener; readonly now: () => number },
  envelope: Uint8Array,
  options: { readonly expectedSender?: ExpectedPeer; readonly maxAgeMs?: number } = {},
): Promise<Result<OpenedEnvelope>> => {
  const reader = new ByteReader(envelope);
  const version = reader.u8();
  if (reader.ok && version !== ENVELOPE_VERSION) {
    return fail('ENVELOPE_UNSUPPORTED_VERSION', `envelope version ${version} is not 1`);
  }
  const type = reader.u8();
  const senderId = utf8ToString(reader.bytes(32)) ?? '';
  const recipientId = utf8ToString(reader.bytes(32)) ?? '';
  const createdAt = reader.u64();
  const senderSigningKey = reader.bytes16(MAX_KEY_BYTES);
  const wrappedKey = reader.bytes16(MAX_KEY_BYTES);
  const nonce = reader.bytes(NONCE_BYTES);
  const headerEnd = reader.position;
  const sealed = reader.bytes32(MAX_RECORD_PLAINTEXT + TAG_BYTES);
  const bodyEnd = reader.position;
  const signature = reader.bytes16(MAX_KEY_BYTES);
  if (
    !reader.done ||
    type !== ENVELOPE_TYPE ||
    !PEER_ID_PATTERN.test(senderId) ||
    sealed.length < TAG_BYTES
  ) {
    return fail('ENVELOPE_MALFORMED', 'envelope is truncated or malformed');
  }
  if (recipientId !== deps.recipient.peerId) {
    return fail('ENVELOPE_WRONG_RECIPIENT', 'envelope is addressed to another peer');
  }
  const expected = options.expectedSender;
  if (
    expected?.pinnedSigningKey &&
    expected.peerId === senderId &&
    !bytesEqual(expected.pinnedSigningKey, senderSigningKey)
  ) {
    return fail('SESSION_SAFETY_NUMBER_CHANGED', `${senderId} signed with a different identity key`);
  }
  const keyOwner = peerIdFromSpkiDigest(await deps.suite.sha256(senderSigningKey));
  if (keyOwner !== senderId || (expected && expected.peerId !== senderId)) {
    return fail(
      'ENVELOPE_BAD_SIGNATURE',
      'the signing key does not belong to the claimed or expected sender',
    );
  }
  // The signature is checked before any decryption, so forged envelopes never reach the private key.
  const body = envelope.subarray(0, bodyEnd);
  if (!(await deps.suite.verifySignature(senderSigningKey, signature, signedPart(body)))) {
    return fail('ENVELOPE_BAD_SIGNATURE', 'the sender’s signature is invalid');
  }
  const now = deps.now();
  if (createdAt > now + MAX_CLOCK_SKEW_MS) {
    return fail('ENVELOPE_EXPIRED', 'envelope is dated in the future');
  }
  if (options.maxAgeMs !== undefined && now - createdAt > options.maxAgeMs) {
    return fail('ENVELOPE_EXPIRED', 'envelope is older than allowed');
  }
  const contentKey = await deps.recipient.unwrapKey(wrappedKey);
  if (contentKey?.length !== CONTENT_KEY_BYTES) {
    return fail('ENVELOPE_DECRYPT_FAILED', 'the content key cannot be unwrapped');
  }
  const key = await deps.suite.aead.importKey(contentKey);
  const plaintext = await deps.suite.aead.open(key, nonce, envelope.subarray(0, headerEnd), sealed);
  if (!plaintext) {
    return fail('ENVELOPE_DECRYPT_FAILED', 'envelope content failed authentication');
  }
  return ok({
    senderId,
    senderSigningKey,
    createdAt,
    plaintext,
    envelopeId: await deps.suite.sha256(body),
  });
};
