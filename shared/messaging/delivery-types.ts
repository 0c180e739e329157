// What the delivery engine works with besides storage: the links it writes to, the events it reports and how it
// retransmits. Kept apart from the engine itself, which re-exports them.
import type { ErrorCode } from '../errors';
import type { PeerId } from '../identity/peer-id';
import type { MessageId } from './message-format';
import type { ContactState, DeliveryStatus, IncomingMessage } from './message-store';

/** A live, authenticated, encrypted channel to one peer. */
export interface PeerLink {
  /**
   * Resolves once the frame is accepted for sending (the link paces itself); false if the link is gone. Frames
   * go out in the order of the calls, also when a call comes before the previous one has resolved.
   */
  send(frame: Uint8Array): Promise<boolean>;
}

export interface RetransmitPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
  /**
   * Outgoing messages in flight (sent, unacknowledged) per peer; more wait in the stored outbox. Under a burst
   * an ack returns a few hundred milliseconds after its message left (the receiver stores first), so the
   * window is what keeps the link busy meanwhile.
   */
  readonly window: number;
  /**
   * The same window's bound in bytes of encoded frames (one message always fits); it holds each message beside
   * its frame, so about twice this in memory.
   */
  readonly windowBytes: number;
  /** How long a message without its own expiry is tried before it fails. */
  readonly deliveryWindowMs: number;
  /**
   * Acks go out as soon as nothing else from the peer is being stored, so a burst is acknowledged in a few
   * frames without delaying a lone message; under a steady stream this is the longest an ack waits, and the
   * least time between two ack frames. Short, so a steady stream of up to 500 messages/s is acked message by
   * message, as fast as a lone message, and only a faster one shares frames.
   */
  readonly ackDelayMs: number;
}

/** Longest delay a JavaScript timer accepts (about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const DEFAULT_RETRANSMIT_POLICY: RetransmitPolicy = {
  baseMs: 1_000,
  maxMs: 5 * 60_000,
  window: 1024,
  windowBytes: 4 * 1024 * 1024,
  deliveryWindowMs: 30 * 24 * 60 * 60_000,
  ackDelayMs: 2,
};

export type EngineEvent =
  | { readonly type: 'received'; readonly incoming: IncomingMessage }
  | {
      readonly type: 'status';
      readonly id: MessageId;
      readonly status: DeliveryStatus;
      readonly failure?: string;
    }
  | { readonly type: 'deleted'; readonly ids: readonly MessageId[]; readonly by: PeerId }
  | { readonly type: 'typing'; readonly peer: PeerId; readonly active: boolean }
  | { readonly type: 'contact'; readonly peer: PeerId; readonly state: ContactState }
  /**
   * A contact announced the name they go by (a `profile` message, now stored). Stores keep the latest in
   * conversation order, so one that arrives after a newer one is reported here but changes nothing there.
   */
  | { readonly type: 'profile'; readonly peer: PeerId; readonly displayName: string }
  /** Storage or another local part failed; the operation was abandoned (and is retried where that applies). */
  | { readonly type: 'failure'; readonly reason: string }
  /** A peer sent something invalid or unauthorized; it was not stored. */
  | { readonly type: 'refused'; readonly peer: PeerId; readonly code: ErrorCode; readonly reason: string };
