// One peer's messaging link over an open data channel whose session handshake has completed: frames are split
// into chunks that fit one 16 KiB data-channel message (what every WebRTC stack accepts), each chunk sealed as
// its own session record, and sent only while the channel's buffer is below a high-water mark — simple-peer's
// send() would otherwise queue without bound. The receiver opens each record before reassembling, so it never
// buffers unauthenticated bytes, and one frame in reassembly is capped at MAX_FRAME_BYTES.
import type { Result } from '../result';
import { MAX_FRAME_BYTES } from './message-format';

/** The data channel as the link needs it (an RTCDataChannel, through simple-peer in the app). */
export interface DataChannelPort {
  send(bytes: Uint8Array): void;
  readonly bufferedAmount: number;
  /** Resolves once the buffered amount has fallen to the channel's low threshold, or the channel closed. */
  drained(): Promise<void>;
  readonly open: boolean;
}

/** The established session with this peer: seals and opens records (in the host, which holds the keys). */
export interface SessionCipherPort {
  seal(plaintext: Uint8Array): Promise<Result<Uint8Array>>;
  open(record: Uint8Array): Promise<Result<Uint8Array>>;
}

/** Data-channel message size every stack accepts. */
export const CHANNEL_MESSAGE_BYTES = 16 * 1024;
/** Room for the record header (≤ 79 bytes), its tag (16) and the chunk flag (1). */
export const CHUNK_DATA_BYTES = CHANNEL_MESSAGE_BYTES - 128;
/** Above this many bytes queued in the channel, sending waits for it to drain. */
export const HIGH_WATER_MARK = 1024 * 1024;
const FINAL_CHUNK = 0x01;

export interface SecureLinkEvents {
  onFrame(frame: Uint8Array): void;
  /**
   * A frame that broke the limits: dropped, and the link carries on (`sessionLost` false). Or a record that could
   * not be sealed or opened (`sessionLost` true): the session under the link is gone or out of step, so nothing
   * more can pass, and a frame half sent would spoil the next one's reassembly; the caller ends the connection.
   */
  onError(reason: string, sessionLost: boolean): void;
}

export interface SecureLink {
  /** Resolves once the whole frame is in the channel; false if the channel closed or sealing failed. */
  send(frame: Uint8Array): Promise<boolean>;
  /** A data-channel message from the peer. */
  receive(record: Uint8Array): Promise<void>;
}

export const createSecureLink = (
  channel: DataChannelPort,
  cipher: SessionCipherPort,
  events: SecureLinkEvents,
): SecureLink => {
  // Sealing and opening run in the host, a round trip away: each record's sealing (or opening) starts as soon as
  // it is handed over, so many are under way at once, while writing to the channel and reassembling wait for
  // them in order. The session numbers records when sealing starts, so they go out in number order.
  let sending: Promise<unknown> = Promise.resolve();
  let receiving: Promise<unknown> = Promise.resolve();
  let assembling: Uint8Array[] = [];
  let assembled = 0;
  let discarding = false;

  const sealChunk = (chunk: Uint8Array, final: boolean): Promise<Result<Uint8Array>> => {
    const plaintext = new Uint8Array(chunk.length + 1);
    plaintext[0] = final ? FINAL_CHUNK : 0;
    plaintext.set(chunk, 1);
    return cipher.seal(plaintext);
  };

  /** Starts sealing every chunk of `frame`, in order. */
  const sealFrame = (frame: Uint8Array): Promise<Result<Uint8Array>>[] => {
    const sealed: Promise<Result<Uint8Array>>[] = [];
    let at = 0;
    do {
      const end = Math.min(frame.length, at + CHUNK_DATA_BYTES);
      const chunk = sealChunk(frame.subarray(at, end), end >= frame.length);
      // Writing stops at the first failure and awaits none after it: those must not become unhandled rejections.
      chunk.catch(() => undefined);
      sealed.push(chunk);
      at = end;
    } while (at < frame.length);
    return sealed;
  };

  const writeRecords = async (records: readonly Promise<Result<Uint8Array>>[]): Promise<boolean> => {
    for (const record of records) {
      const sealed = await record;
      if (!sealed.ok) {
        events.onError(`sealing failed: ${sealed.error.code}`, true);
        return false;
      }
      while (channel.open && channel.bufferedAmount > HIGH_WATER_MARK) {
        await channel.drained();
      }
      if (!channel.open) {
        return false;
      }
      channel.send(sealed.value);
    }
    return true;
  };

  const takeChunk = (opened: Result<Uint8Array>): void => {
    if (!opened.ok) {
      events.onError(`record refused: ${opened.error.code}`, true);
      return;
    }
    const plaintext = opened.value;
    if (plaintext.length === 0) {
      events.onError('empty chunk', false);
      return;
    }
    const final = ((plaintext[0] ?? 0) & FINAL_CHUNK) !== 0;
    const data = plaintext.subarray(1);
    if (!discarding) {
      assembled += data.length;
      if (assembled > MAX_FRAME_BYTES) {
        events.onError(`incoming frame exceeds ${MAX_FRAME_BYTES} bytes; dropped`, false);
        discarding = true;
        assembling = [];
      } else {
        assembling.push(data);
      }
    }
    if (!final) {
      return;
    }
    const parts = assembling;
    const wasDiscarding = discarding;
    assembling = [];
    assembled = 0;
    discarding = false;
    if (wasDiscarding) {
      return;
    }
    const frame = parts.length === 1 ? (parts[0] ?? new Uint8Array(0)) : concat(parts);
    events.onFrame(frame);
  };

  return {
    send(frame) {
      if (frame.length > MAX_FRAME_BYTES) {
        events.onError(`frame of ${frame.length} bytes exceeds ${MAX_FRAME_BYTES}`, false);
        return Promise.resolve(false);
      }
      const records = sealFrame(frame);
      const result = sending.then(() => writeRecords(records));
      sending = result.catch(() => false);
      return result.catch(() => false);
    },
    receive(record) {
      const opened = cipher.open(record);
      const result = receiving.then(async () => takeChunk(await opened));
      receiving = result.catch(() => undefined);
      return result;
    },
  };
};

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
