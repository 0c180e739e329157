// The record layer of an established session: seals outgoing records under the current send epoch and opens
// incoming ones, rejecting forgeries, replays and stale epochs. Rekeys by message count or age; the receiver
// follows the epoch in each header and keeps the previous epoch's key so records in flight still open.
import type { AeadKey, CryptoSuite } from '../crypto/crypto-suite';
import { bytesEqual } from '../encoding/byte-codec';
import { utf8, utf8ToString } from '../encoding/bytes';
import type { ErrorCode } from '../errors';
import { isPromise, type MaybePromise } from '../maybe-promise';
import { fail, ok, type Result } from '../result';
import { deriveEpochKeyMaterial, nextTrafficSecret, recordNonce } from './key-schedule';
import {
  decodeRecord,
  type DecodedRecord,
  encodeRecordAad,
  FIXED_HEADER_BYTES,
  MAX_CONVERSATION_ID_BYTES,
  MAX_RECORD_PLAINTEXT,
  RECORD_TYPE_DATA,
  RECORD_VERSION,
  recordAad,
  recordAadLength,
  type RecordHeader,
  recordHeaderLength,
  writeRecordHeader,
} from './record-codec';
import { createReplayWindow } from './replay-window';

export interface RekeyPolicy {
  /** Records sealed under one epoch before the sender moves to the next. */
  readonly maxRecordsPerEpoch: number;
  /** Age of an epoch, in ms, after which the next record starts a new one. */
  readonly maxEpochAgeMs: number;
}

export const DEFAULT_REKEY_POLICY: RekeyPolicy = {
  maxRecordsPerEpoch: 1 << 20,
  maxEpochAgeMs: 60 * 60 * 1000,
};
/** How many epochs ahead of the current one a receiver derives; more means a sender rekeyed absurdly often. */
export const MAX_EPOCH_SKIP = 8;
/** Past epochs whose keys a receiver keeps for records still in flight; older keys are erased. */
export const RETAINED_PAST_EPOCHS = 3;

export interface SessionCipherDeps {
  readonly suite: CryptoSuite;
  readonly localPeerId: string;
  readonly remotePeerId: string;
  readonly sendSecret: Uint8Array;
  readonly receiveSecret: Uint8Array;
  readonly now: () => number;
  readonly policy?: RekeyPolicy;
}

export interface OpenedRecord {
  readonly conversationId: string;
  readonly epoch: number;
  readonly sequence: number;
  readonly plaintext: Uint8Array;
}

export interface SessionCipher {
  seal(plaintext: Uint8Array, conversationId: string): Promise<Result<Uint8Array>>;
  open(record: Uint8Array): Promise<Result<OpenedRecord>>;
  /** The epochs currently in use, for tests and diagnostics. */
  epochs(): { readonly send: number; readonly receive: number };
}

interface EpochKeys {
  readonly key: AeadKey;
  readonly iv: Uint8Array;
}

/**
 * Derives the keys of successive epochs of one direction, dropping each secret once its successor exists. An
 * epoch's keys are handed out as a plain value once derived, so records under a settled epoch never wait.
 */
const createEpochChain = (suite: CryptoSuite, initialSecret: Uint8Array) => {
  const keys = new Map<number, MaybePromise<EpochKeys>>();
  let latestEpoch = 0;
  let latestSecret = Promise.resolve(initialSecret);
  const materialize = (epoch: number, secret: Promise<Uint8Array>): void => {
    const pending = secret.then(async (value) => {
      const material = await deriveEpochKeyMaterial(suite, value);
      return { key: await suite.aead.importKey(material.key), iv: material.iv };
    });
    keys.set(epoch, pending);
    pending.then(
      (ready) => {
        // Unless the epoch was retired meanwhile.
        if (keys.get(epoch) === pending) {
          keys.set(epoch, ready);
        }
      },
      // A failed derivation stays a rejected promise in the map; whoever asks for that epoch sees the error.
      () => undefined,
    );
  };
  materialize(0, latestSecret);
  return {
    keysFor(epoch: number): MaybePromise<EpochKeys> | undefined {
      while (latestEpoch < epoch) {
        latestSecret = latestSecret.then((secret) => nextTrafficSecret(suite, secret));
        latestEpoch += 1;
        materialize(latestEpoch, latestSecret);
      }
      return keys.get(epoch);
    },
    forgetBefore(epoch: number): void {
      for (const known of keys.keys()) {
        if (known < epoch) {
          keys.delete(known);
        }
      }
    },
  };
};

export const createSessionCipher = (deps: SessionCipherDeps): SessionCipher => {
  const policy = deps.policy ?? DEFAULT_REKEY_POLICY;
  const sendChain = createEpochChain(deps.suite, deps.sendSecret);
  const receiveChain = createEpochChain(deps.suite, deps.receiveSecret);
  const window = createReplayWindow();
  // Encoded once: both IDs go into the associated data of every record.
  const localId = utf8(deps.localPeerId);
  const remoteId = utf8(deps.remotePeerId);
  // One associated-data buffer per direction, reused for every record (see `recordAad`).
  const largestAad = recordAadLength(FIXED_HEADER_BYTES + MAX_CONVERSATION_ID_BYTES, localId, remoteId);
  const sendAad = new Uint8Array(largestAad);
  const receiveAad = new Uint8Array(largestAad);
  // A session mostly carries one conversation at a time; its encoded ID is reused until another one comes along.
  let lastConversation = { text: '', bytes: utf8('') };
  const encodeConversation = (conversationId: string): Uint8Array => {
    if (conversationId !== lastConversation.text) {
      lastConversation = { text: conversationId, bytes: utf8(conversationId) };
    }
    return lastConversation.bytes;
  };
  // Likewise on receipt: the last conversation ID decoded, so a stream of records skips the UTF-8 decoder.
  let lastReceived = { bytes: new Uint8Array(0), text: '' };
  const decodeConversation = (bytes: Uint8Array): string | null => {
    if (bytesEqual(bytes, lastReceived.bytes)) {
      return lastReceived.text;
    }
    const text = utf8ToString(bytes);
    if (text !== null) {
      lastReceived = { bytes: bytes.slice(), text };
    }
    return text;
  };
  const send = { epoch: 0, sequence: 0, inEpoch: 0, epochStartedAt: deps.now() };
  let receiveEpoch = 0;

  const failure = (code: ErrorCode, message: string) => fail(code, message);

  // Synchronous when the epoch's keys are ready and the Aead is (node:crypto); otherwise a promise.
  const sealRecord = (plaintext: Uint8Array, conversationId: string): MaybePromise<Result<Uint8Array>> => {
    const conversation = encodeConversation(conversationId);
    if (conversation.length > MAX_CONVERSATION_ID_BYTES) {
      return failure('SESSION_MALFORMED', 'conversation ID longer than 64 bytes');
    }
    if (plaintext.length > MAX_RECORD_PLAINTEXT) {
      return failure('SESSION_MALFORMED', 'record larger than 1 MiB');
    }
    if (
      send.inEpoch >= policy.maxRecordsPerEpoch ||
      deps.now() - send.epochStartedAt >= policy.maxEpochAgeMs
    ) {
      send.epoch += 1;
      send.inEpoch = 0;
      send.epochStartedAt = deps.now();
      sendChain.forgetBefore(send.epoch);
    }
    // Number and epoch are fixed before anything can wait, so concurrent seals never share a nonce.
    const header = {
      version: RECORD_VERSION,
      type: RECORD_TYPE_DATA,
      epoch: send.epoch,
      sequence: send.sequence,
      conversationId: conversation,
    };
    send.sequence += 1;
    send.inEpoch += 1;
    const keys = sendChain.keysFor(header.epoch);
    if (!keys) {
      return failure('SESSION_STALE_EPOCH', 'send epoch already retired');
    }
    return isPromise(keys)
      ? keys.then((ready) => sealWith(ready, header, plaintext))
      : sealWith(keys, header, plaintext);
  };
  // The continuations are named functions, not closures made per record: the synchronous path allocates none.
  const sealWith = (
    { key, iv }: EpochKeys,
    header: RecordHeader,
    plaintext: Uint8Array,
  ): MaybePromise<Result<Uint8Array>> => {
    const aad = encodeRecordAad(header, localId, remoteId, sendAad);
    const sealed = deps.suite.aead.seal(
      key,
      recordNonce(iv, header.sequence),
      aad,
      plaintext,
      recordHeaderLength(header),
    );
    return isPromise(sealed)
      ? sealed.then((record) => withHeader(record, header))
      : withHeader(sealed, header);
  };
  const withHeader = (record: Uint8Array, header: RecordHeader): Result<Uint8Array> => {
    // From the header, not from `sendAad`: another seal may have reused that buffer while this one waited.
    writeRecordHeader(record, header);
    return ok(record);
  };

  const openRecord = (record: Uint8Array): MaybePromise<Result<OpenedRecord>> => {
    const decoded = decodeRecord(record, decodeConversation);
    if (decoded === 'unsupported-version') {
      return failure('SESSION_UNSUPPORTED_VERSION', 'record version is not 1');
    }
    if (decoded === 'malformed') {
      return failure('SESSION_MALFORMED', 'record is truncated or malformed');
    }
    const { header } = decoded;
    if (header.epoch < receiveEpoch - RETAINED_PAST_EPOCHS) {
      return failure('SESSION_STALE_EPOCH', `record from retired epoch ${header.epoch}`);
    }
    if (header.epoch > receiveEpoch + MAX_EPOCH_SKIP) {
      return failure('SESSION_MALFORMED', `record epoch ${header.epoch} is implausibly far ahead`);
    }
    const verdict = window.check(header.sequence);
    if (verdict !== 'fresh') {
      return failure('SESSION_REPLAY', `record ${header.sequence} is ${verdict}`);
    }
    const keys = receiveChain.keysFor(header.epoch);
    if (!keys) {
      return failure('SESSION_STALE_EPOCH', `record from retired epoch ${header.epoch}`);
    }
    return isPromise(keys) ? keys.then((ready) => openWith(ready, decoded)) : openWith(keys, decoded);
  };
  const openWith = ({ key, iv }: EpochKeys, decoded: DecodedRecord): MaybePromise<Result<OpenedRecord>> => {
    const aad = recordAad(decoded.headerBytes, remoteId, localId, receiveAad);
    const opened = deps.suite.aead.open(key, recordNonce(iv, decoded.header.sequence), aad, decoded.sealed);
    return isPromise(opened)
      ? opened.then((plaintext) => accept(plaintext, decoded))
      : accept(opened, decoded);
  };
  const accept = (
    plaintext: Uint8Array | null,
    { header, conversation }: DecodedRecord,
  ): Result<OpenedRecord> => {
    if (!plaintext) {
      return failure('SESSION_DECRYPT_FAILED', 'record failed authentication');
    }
    // Re-checked: a concurrent open of the same record may have won while this one waited.
    if (window.check(header.sequence) !== 'fresh' || header.epoch < receiveEpoch - RETAINED_PAST_EPOCHS) {
      return failure('SESSION_REPLAY', `record ${header.sequence} is a duplicate`);
    }
    window.accept(header.sequence);
    if (header.epoch > receiveEpoch) {
      receiveEpoch = header.epoch;
      receiveChain.forgetBefore(receiveEpoch - RETAINED_PAST_EPOCHS);
    }
    return ok({ conversationId: conversation, epoch: header.epoch, sequence: header.sequence, plaintext });
  };

  return {
    epochs: () => ({ send: send.epoch, receive: receiveEpoch }),
    // async, so that an unexpected throw inside becomes a rejection rather than escaping synchronously.
    seal: async (plaintext, conversationId) => sealRecord(plaintext, conversationId),
    open: async (record) => openRecord(record),
  };
};
