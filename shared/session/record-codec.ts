// Wire encoding of session records v1: a fixed header (bound into the AEAD's associated data together with both
// peer IDs) followed by ciphertext and tag. See docs/PROTOCOL.md, "Record layer".
import { readU32, writeU32, writeU64 } from '../encoding/byte-codec';
import { utf8ToString } from '../encoding/bytes';

export const RECORD_VERSION = 1;
export const RECORD_TYPE_DATA = 0x01;
export const RECORD_TYPES: readonly number[] = [RECORD_TYPE_DATA];
export const MAX_CONVERSATION_ID_BYTES = 64;
export const TAG_BYTES = 16;
/** Largest plaintext one record carries; bigger payloads are chunked by the messaging engine. */
export const MAX_RECORD_PLAINTEXT = 1024 * 1024;
/** version, type, epoch (u32), sequence (u64), conversation ID length (u8); the conversation ID follows. */
export const FIXED_HEADER_BYTES = 1 + 1 + 4 + 8 + 1;
/** Sequence numbers stay below 2^53: the high 32-bit word of the u64 is at most 2^21 - 1. */
const MAX_SEQUENCE_HIGH_WORD = 0x1fffff;

export interface RecordHeader {
  readonly version: number;
  readonly type: number;
  readonly epoch: number;
  readonly sequence: number;
  readonly conversationId: Uint8Array;
}

export interface DecodedRecord {
  readonly header: RecordHeader;
  /** The conversation ID as text; records with IDs that are not UTF-8 are malformed. */
  readonly conversation: string;
  readonly headerBytes: Uint8Array;
  readonly sealed: Uint8Array;
}

export const recordHeaderLength = (header: RecordHeader): number =>
  FIXED_HEADER_BYTES + header.conversationId.length;

export type RecordDecodeFailure = 'malformed' | 'unsupported-version';

/**
 * Splits a record into its header (and the header's exact bytes) and the sealed body. Reads the fixed fields in
 * place, since every received record comes through here. `decodeText` lets a caller cache the conversation ID's
 * decoding; it must return null for bytes that are not UTF-8.
 */
export const decodeRecord = (
  record: Uint8Array,
  decodeText: (bytes: Uint8Array) => string | null = utf8ToString,
): DecodedRecord | RecordDecodeFailure => {
  if (record.length === 0) {
    return 'malformed';
  }
  const version = record[0] ?? 0;
  if (version !== RECORD_VERSION) {
    return 'unsupported-version';
  }
  if (record.length < FIXED_HEADER_BYTES) {
    return 'malformed';
  }
  const type = record[1] ?? 0;
  const epoch = readU32(record, 2);
  const sequenceHigh = readU32(record, 6);
  const conversationLength = record[14] ?? 0;
  const headerEnd = FIXED_HEADER_BYTES + conversationLength;
  const sealedLength = record.length - headerEnd;
  if (
    !RECORD_TYPES.includes(type) ||
    sequenceHigh > MAX_SEQUENCE_HIGH_WORD ||
    conversationLength > MAX_CONVERSATION_ID_BYTES ||
    sealedLength < TAG_BYTES ||
    sealedLength > MAX_RECORD_PLAINTEXT + TAG_BYTES
  ) {
    return 'malformed';
  }
  const conversationId = record.subarray(FIXED_HEADER_BYTES, headerEnd);
  const conversation = decodeText(conversationId);
  if (conversation === null) {
    return 'malformed';
  }
  return {
    header: {
      version,
      type,
      epoch,
      sequence: sequenceHigh * 2 ** 32 + readU32(record, 10),
      conversationId,
    },
    conversation,
    headerBytes: record.subarray(0, headerEnd),
    sealed: record.subarray(headerEnd),
  };
};

/** Bytes of associated data for a header of `headerLength` bytes between the given peer IDs. */
export const recordAadLength = (
  headerLength: number,
  senderId: Uint8Array,
  recipientId: Uint8Array,
): number => headerLength + senderId.length + recipientId.length;

/**
 * Where associated data is built: `into` when it is large enough, else a new array. The session layer passes a
 * buffer it reuses for every record, since allocating a fresh array of this size costs about as much as
 * encrypting a small record; that is safe because an Aead reads the associated data before it returns.
 */
const aadTarget = (length: number, into: Uint8Array | undefined): Uint8Array =>
  into && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);

/**
 * Associated data: the header, then who sent the record to whom (UTF-8 peer IDs), so it cannot be replayed
 * across sessions.
 */
export const recordAad = (
  headerBytes: Uint8Array,
  senderId: Uint8Array,
  recipientId: Uint8Array,
  into?: Uint8Array,
): Uint8Array => {
  const aad = aadTarget(recordAadLength(headerBytes.length, senderId, recipientId), into);
  aad.set(headerBytes, 0);
  aad.set(senderId, headerBytes.length);
  aad.set(recipientId, headerBytes.length + senderId.length);
  return aad;
};

/** Writes `header` at the start of `target` (which must be long enough); returns the header's length. */
export const writeRecordHeader = (target: Uint8Array, header: RecordHeader): number => {
  target[0] = header.version & 0xff;
  target[1] = header.type & 0xff;
  writeU32(target, 2, header.epoch);
  writeU64(target, 6, header.sequence);
  target[14] = header.conversationId.length & 0xff;
  target.set(header.conversationId, FIXED_HEADER_BYTES);
  return recordHeaderLength(header);
};

/** `recordAad` of a header being sealed, with the header encoded straight into it. */
export const encodeRecordAad = (
  header: RecordHeader,
  senderId: Uint8Array,
  recipientId: Uint8Array,
  into?: Uint8Array,
): Uint8Array => {
  const headerLength = recordHeaderLength(header);
  const aad = aadTarget(recordAadLength(headerLength, senderId, recipientId), into);
  writeRecordHeader(aad, header);
  aad.set(senderId, headerLength);
  aad.set(recipientId, headerLength + senderId.length);
  return aad;
};
