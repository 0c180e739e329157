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
const FIXED_HEADER_BYTES = 1 + 1 + 4 + 8 + 1;
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

/**
 * Associated data: the header, then who sent the record to whom (UTF-8 peer IDs), so it cannot be replayed
 * across sessions.
 */
export const recordAad = (
  headerBytes: Uint8Array,
  senderId: Uint8Array,
  recipientId: Uint8Array,
): Uint8Array<ArrayBuffer> => {
  const aad = new Uint8Array(headerBytes.length + senderId.length + recipientId.length);
  aad.set(headerBytes, 0);
  aad.set(senderId, headerBytes.length);
  aad.set(recipientId, headerBytes.length + senderId.length);
  return aad;
};

/**
 * `recordAad` of a header being sealed, with the header encoded straight into it: the sender copies the header
 * out of its first `recordHeaderLength(header)` bytes rather than encoding it twice.
 */
export const encodeRecordAad = (
  header: RecordHeader,
  senderId: Uint8Array,
  recipientId: Uint8Array,
): Uint8Array<ArrayBuffer> => {
  const headerLength = recordHeaderLength(header);
  const aad = new Uint8Array(headerLength + senderId.length + recipientId.length);
  aad[0] = header.version & 0xff;
  aad[1] = header.type & 0xff;
  writeU32(aad, 2, header.epoch);
  writeU64(aad, 6, header.sequence);
  aad[14] = header.conversationId.length & 0xff;
  aad.set(header.conversationId, FIXED_HEADER_BYTES);
  aad.set(senderId, headerLength);
  aad.set(recipientId, headerLength + senderId.length);
  return aad;
};
