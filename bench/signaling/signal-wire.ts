// The bytes of a bench signal: a 400-byte payload that starts with its send time, framed for Parley (protocol v1)
// or for the bare relay. Sender and recipient of every signal live in the same client process, so the recipient
// reads the send time on the same clock (performance.now) it reads its own.
import { randomBytes } from 'node:crypto';

export type RelayKind = 'parley' | 'bare';

export const PAYLOAD_BYTES = 400;
/** Microseconds of performance.now(), zero-padded: fixed width, so the filler keeps the payload at 400 bytes. */
const STAMP_DIGITS = 15;
const PAYLOAD_MARKER = Buffer.from('"payload":"');
// Base64 like a sealed SDP, and nothing JSON would escape, so the payload is the same length on the wire.
const FILLER = randomBytes(PAYLOAD_BYTES)
  .toString('base64')
  .slice(0, PAYLOAD_BYTES - STAMP_DIGITS);

/** Frames a signal to `to` sent at `sentAtMs` (performance.now); the constant parts are built once per peer. */
export const signalFramer = (kind: RelayKind, to: string): ((sentAtMs: number) => string) => {
  const head =
    kind === 'parley' ? `{"v":1,"type":"signal","to":"${to}","payload":"` : `{"to":"${to}","payload":"`;
  const tail = `${FILLER}"}`;
  return (sentAtMs) => head + String(Math.round(sentAtMs * 1000)).padStart(STAMP_DIGITS, '0') + tail;
};

/** The bare relay's first frame: who this socket is. */
export const bareHelloFrame = (id: string): string => JSON.stringify({ id });

/**
 * Send time (ms on this process's performance.now clock) of a relayed signal, or null for any other frame. A
 * byte search, not JSON.parse: the load generator must stay cheaper than the relays it measures.
 */
export const sentAtOf = (frame: Buffer): number | null => {
  const marker = frame.indexOf(PAYLOAD_MARKER);
  if (marker < 0) {
    return null;
  }
  const start = marker + PAYLOAD_MARKER.length;
  return Number(frame.toString('latin1', start, start + STAMP_DIGITS)) / 1000;
};
