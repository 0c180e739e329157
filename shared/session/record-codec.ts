// Wire encoding of session records v1: a fixed header (bound into the AEAD's associated data together with both
// peer IDs) followed by ciphertext and tag. See docs/PROTOCOL.md, "Record layer".
import { ByteReader, ByteWriter, concatBytes } from '../encoding/byte-codec';
import { utf8, utf8ToString } from '../encoding/bytes';

export const RECORD_VERSION = 1;
export const RECORD_TYPE_DATA = 0x01;
export const RECORD_TYPES: readonly number[] = [RECORD_TYPE_DATA];
export const MAX_CONVERSATION_ID_BYTES = 64;
export const TAG_BYTES = 16;
/** Largest plaintext one record carries; bigger payloads are chunked by the messaging engine. */
export const MAX_RECORD_PLAINTEXT = 1024 * 1024;

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

export const encodeRecordHeader = (header: RecordHeader): Uint8Array<ArrayBuffer> =>
  new ByteWriter()
    .u8(header.version)
    .u8(header.type)
    .u32(header.epoch)
    .u64(header.sequence)
    .u8(header.conversationId.length)
    .bytes(header.conversationId)
    .finish();

export type RecordDecodeFailure = 'malformed' | 'unsupported-version';

/** Splits a record into its header (and the header's exact bytes) and the sealed body. */
export const decodeRecord = (record: Uint8Array): DecodedRecord | RecordDecodeFailure => {
  const reader = new ByteReader(record);
  const version = reader.u8();
  if (reader.ok && version !== RECORD_VERSION) {
    return 'unsupported-version';
  }
  const type = reader.u8();
  const epoch = reader.u32();
  const sequence = reader.u64();
  const conversationLength = reader.u8();
  const conversationId = reader.bytes(conversationLength);
  const headerEnd = reader.position;
  const sealed = reader.rest();
  const conversation = utf8ToString(conversationId);
  if (
    !reader.ok ||
    conversation === null ||
    !RECORD_TYPES.includes(type) ||
    conversationLength > MAX_CONVERSATION_ID_BYTES ||
    sealed.length < TAG_BYTES ||
    sealed.length > MAX_RECORD_PLAINTEXT + TAG_BYTES
  ) {
    return 'malformed';
  }
  return {
    header: { version, type, epoch, sequence, conversationId },
    conversation,
    headerBytes: record.subarray(0, headerEnd),
    sealed,
  };
};

/** Associated data: the header, then who sent the record to whom, so it cannot be replayed across sessions. */
export const recordAad = (headerBytes: Uint8Array, senderId: string, recipientId: string): Uint8Array =>
  concatBytes(headerBytes, utf8(senderId), utf8(recipientId));
