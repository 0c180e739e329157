// Wire encoding of the three handshake messages of session protocol v1 (docs/PROTOCOL.md, "Handshake").
import { ByteReader, ByteWriter } from '../encoding/byte-codec';
import { utf8, utf8ToString } from '../encoding/bytes';
import { PEER_ID_PATTERN } from '../identity/peer-id';

export const HANDSHAKE_VERSION = 1;
export const HELLO = 0x11;
export const REPLY = 0x12;
export const FINISH = 0x13;
export const EPHEMERAL_BYTES = 32;
export const NONCE_BYTES = 32;
const PEER_ID_BYTES = 32;
/** Generous bounds for an RSA-3072 SPKI (422 bytes) and signature (384 bytes), with room for 4096-bit keys. */
const MAX_SPKI_BYTES = 1024;
const MAX_SIGNATURE_BYTES = 1024;

export interface Hello {
  readonly initiatorId: string;
  readonly responderId: string;
  readonly ephemeral: Uint8Array;
  readonly nonce: Uint8Array;
}

export interface Reply {
  readonly ephemeral: Uint8Array;
  readonly nonce: Uint8Array;
  readonly signingKey: Uint8Array;
  readonly signature: Uint8Array;
}

export interface Finish {
  readonly signingKey: Uint8Array;
  readonly signature: Uint8Array;
}

export type HandshakeDecodeFailure = 'malformed' | 'unsupported-version' | 'unexpected-type';

const header = (type: number) => new ByteWriter().u8(HANDSHAKE_VERSION).u8(type);

export const encodeHello = (hello: Hello): Uint8Array =>
  header(HELLO)
    .bytes(utf8(hello.initiatorId))
    .bytes(utf8(hello.responderId))
    .bytes(hello.ephemeral)
    .bytes(hello.nonce)
    .finish();

/** The reply without its signature: the part the responder's signature covers. */
export const encodeReplyUnsigned = (reply: Omit<Reply, 'signature'>): Uint8Array =>
  header(REPLY).bytes(reply.ephemeral).bytes(reply.nonce).bytes16(reply.signingKey).finish();

export const encodeReply = (reply: Reply): Uint8Array =>
  new ByteWriter().bytes(encodeReplyUnsigned(reply)).bytes16(reply.signature).finish();

export const encodeFinishUnsigned = (finish: Omit<Finish, 'signature'>): Uint8Array =>
  header(FINISH).bytes16(finish.signingKey).finish();

export const encodeFinish = (finish: Finish): Uint8Array =>
  new ByteWriter().bytes(encodeFinishUnsigned(finish)).bytes16(finish.signature).finish();

const readHeader = (reader: ByteReader, type: number): HandshakeDecodeFailure | null => {
  const version = reader.u8();
  const actualType = reader.u8();
  if (!reader.ok) {
    return 'malformed';
  }
  if (version !== HANDSHAKE_VERSION) {
    return 'unsupported-version';
  }
  return actualType === type ? null : 'unexpected-type';
};

const readPeerId = (reader: ByteReader): string | null => {
  const id = utf8ToString(reader.bytes(PEER_ID_BYTES));
  return id !== null && PEER_ID_PATTERN.test(id) ? id : null;
};

export const decodeHello = (bytes: Uint8Array): Hello | HandshakeDecodeFailure => {
  const reader = new ByteReader(bytes);
  const failure = readHeader(reader, HELLO);
  if (failure) {
    return failure;
  }
  const initiatorId = readPeerId(reader);
  const responderId = readPeerId(reader);
  const ephemeral = reader.bytes(EPHEMERAL_BYTES);
  const nonce = reader.bytes(NONCE_BYTES);
  return reader.done && initiatorId && responderId
    ? { initiatorId, responderId, ephemeral, nonce }
    : 'malformed';
};

export const decodeReply = (
  bytes: Uint8Array,
): (Reply & { readonly unsigned: Uint8Array }) | HandshakeDecodeFailure => {
  const reader = new ByteReader(bytes);
  const failure = readHeader(reader, REPLY);
  if (failure) {
    return failure;
  }
  const ephemeral = reader.bytes(EPHEMERAL_BYTES);
  const nonce = reader.bytes(NONCE_BYTES);
  const signingKey = reader.bytes16(MAX_SPKI_BYTES);
  const unsigned = bytes.subarray(0, reader.position);
  const signature = reader.bytes16(MAX_SIGNATURE_BYTES);
  return reader.done ? { ephemeral, nonce, signingKey, signature, unsigned } : 'malformed';
};

export const decodeFinish = (
  bytes: Uint8Array,
): (Finish & { readonly unsigned: Uint8Array }) | HandshakeDecodeFailure => {
  const reader = new ByteReader(bytes);
  const failure = readHeader(reader, FINISH);
  if (failure) {
    return failure;
  }
  const signingKey = reader.bytes16(MAX_SPKI_BYTES);
  const unsigned = bytes.subarray(0, reader.position);
  const signature = reader.bytes16(MAX_SIGNATURE_BYTES);
  return reader.done ? { signingKey, signature, unsigned } : 'malformed';
};
