// The record layer of an established session: seals outgoing records under the current send epoch and opens
// incoming ones, rejecting forgeries, replays and stale epochs. Rekeys by message count or age; the receiver
// follows the epoch in each header and keeps the previous epoch's key so records in flight still open.
import type { AeadKey, CryptoSuite } from '../crypto/crypto-suite';
import { bytesEqual } from '../encoding/byte-codec';
import { utf8, utf8ToString } from '../encoding/bytes';
import type { ErrorCode } from '../errors';
import { fail, ok, type Result } from '../result';
import { deriveEpochKeyMaterial, nextTrafficSecret, recordNonce } from './key-schedule';
import {
  decodeRecord,
  encodeRecordAad,
  MAX_CONVERSATION_ID_BYTES,
  MAX_RECORD_PLAINTEXT,
  RECORD_TYPE_DATA,
  RECORD_VERSION,
  recordAad,
  recordHeaderLength,
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

/** Derives the keys of successive epochs of one direction, dropping each secret once its successor exists. */
const createEpochChain = (suite: CryptoSuite, initialSecret: Uint8Array) => {
  const keys = new Map<number, Promise<EpochKeys>>();
  let latestEpoch = 0;
  let latestSecret = Promise.resolve(initialSecret);
  const materialize = (secret: Promise<Uint8Array>): Promise<EpochKeys> =>
    secret.then(async (value) => {
      const material = await deriveEpochKeyMaterial(suite, value);
      return { key: await suite.aead.importKey(material.key), iv: material.iv };
    });
  keys.set(0, materialize(latestSecret));
  return {
    keysFor(epoch: number): Promise<EpochKeys> | undefined {
      while (latestEpoch < epoch) {
        latestSecret = latestSecret.then((secret) => nextTrafficSecret(suite, secret));
        latestEpoch += 1;
        keys.set(latestEpoch, materialize(latestSecret));
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

  return {
    epochs: () => ({ send: send.epoch, receive: receiveEpoch }),

    async seal(plaintext, conversationId) {
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
      // Number and epoch are fixed before the first await, so concurrent seals never share a nonce.
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
      const { key, iv } = await keys;
      const aad = encodeRecordAad(header, localId, remoteId);
      const headerLength = recordHeaderLength(header);
      const record = await deps.suite.aead.seal(
        key,
        recordNonce(iv, header.sequence),
        aad,
        plaintext,
        headerLength,
      );
      record.set(aad.subarray(0, headerLength), 0);
      return ok(record);
    },

    async open(record) {
      const decoded = decodeRecord(record, decodeConversation);
      if (decoded === 'unsupported-version') {
        return failure('SESSION_UNSUPPORTED_VERSION', 'record version is not 1');
      }
      if (decoded === 'malformed') {
        return failure('SESSION_MALFORMED', 'record is truncated or malformed');
      }
      const { header, conversation, headerBytes, sealed } = decoded;
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
      const { key, iv } = await keys;
      const aad = recordAad(headerBytes, remoteId, localId);
      const plaintext = await deps.suite.aead.open(key, recordNonce(iv, header.sequence), aad, sealed);
      if (!plaintext) {
        return failure('SESSION_DECRYPT_FAILED', 'record failed authentication');
      }
      // Re-checked after the await: a concurrent open of the same record may have won.
      if (window.check(header.sequence) !== 'fresh' || header.epoch < receiveEpoch - RETAINED_PAST_EPOCHS) {
        return failure('SESSION_REPLAY', `record ${header.sequence} is a duplicate`);
      }
      window.accept(header.sequence);
      if (header.epoch > receiveEpoch) {
        receiveEpoch = header.epoch;
        receiveChain.forgetBefore(receiveEpoch - RETAINED_PAST_EPOCHS);
      }
      return ok({
        conversationId: conversation,
        epoch: header.epoch,
        sequence: header.sequence,
        plaintext,
      });
    },
  };
};
