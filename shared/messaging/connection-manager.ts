// Keeps a WebRTC connection to each contact worth being connected to: dials when presence says a contact came
// online or when there is something to send, answers offers, settles glare (both sides dialing at once: the
// smaller peer ID's offer wins), runs the session handshake on every new channel, hands the delivery engine a
// secure link once the peer is authenticated, and redials with jittered backoff. simple-peer cannot restart
// ICE, so every attempt is a fresh peer with its own ID; signals for an attempt that is gone are ignored, and a
// connect timeout catches attempts whose `close` never fires.
import { z } from 'zod';
import type { PeerId } from '../identity/peer-id';
import type { Clock } from '../ports/clock';
import { FINISH, HANDSHAKE_VERSION, HELLO, REPLY } from '../session/handshake-messages';
import type { IceServer } from '../signaling/signaling-frames';
import type { ConnectionState, RtcPeer, RtcPeerFactory, SessionPort } from './connection-ports';
import type { DeliveryEngine } from './delivery-engine';
import { createDialQueue, MAX_CONCURRENT_DIALS } from './dial-queue';
import { createSecureLink, type SecureLink } from './secure-link';

export type {
  ConnectionState,
  RtcPeer,
  RtcPeerEvents,
  RtcPeerFactory,
  SessionPort,
} from './connection-ports';

export interface ConnectionManagerDeps {
  readonly localPeerId: PeerId;
  readonly engine: DeliveryEngine;
  readonly sessions: SessionPort;
  readonly rtc: RtcPeerFactory;
  /**
   * Sends a signal payload to a peer (sealed to it on the way: see sealed-signals.ts). `attempt` is a short tag
   * of the connection attempt it belongs to, for `signalFailed`.
   */
  readonly sendSignal: (to: PeerId, payload: string, attempt: string) => void;
  readonly iceServers: () => readonly IceServer[];
  readonly clock: Clock;
  readonly random: () => number;
  readonly newAttemptId: () => string;
  readonly onState: (peer: PeerId, state: ConnectionState) => void;
  readonly connectTimeoutMs?: number;
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
}

export interface ConnectionManager {
  /**
   * Connect now if not connected or connecting (something waits to be sent): ahead of the contacts that wait
   * for a dial only because presence said they are online.
   */
  dial(peer: PeerId): void;
  /** Presence: an online contact is dialed and kept connected; offline stops redialing. */
  presence(peer: PeerId, online: boolean): void;
  /** A signal payload relayed (and opened) from `from`. */
  signal(from: PeerId, payload: string): void;
  /**
   * One of our signals to `peer` could not be sent (offline, unknown key): the attempt it belongs to fails, if it
   * is still the one in progress (`attempt`: the tag `sendSignal` was given; without it, whichever is).
   */
  signalFailed(peer: PeerId, reason: string, attempt?: string): void;
  state(peer: PeerId): ConnectionState;
  /** Closes every connection (signing out, quitting). */
  close(): void;
}

const SignalPayloadSchema = z.strictObject({
  /** The attempt this signal belongs to, chosen by its initiator. */
  a: z.string().min(1).max(64),
  s: z.looseObject({ type: z.string().optional() }),
});

export { MAX_CONCURRENT_DIALS } from './dial-queue';

const HANDSHAKE_TYPES: ReadonlySet<number> = new Set([HELLO, REPLY, FINISH]);
const isHandshakeMessage = (bytes: Uint8Array): boolean =>
  bytes[0] === HANDSHAKE_VERSION && HANDSHAKE_TYPES.has(bytes[1] ?? -1);

interface Attempt {
  readonly id: string;
  /** Short and local: which attempt a refused signal belonged to (it rides in the signal frame's `ref`). */
  readonly tag: string;
  readonly initiator: boolean;
  readonly rtc: RtcPeer;
  link: SecureLink | null;
  /** Channel bytes are handled one at a time: a record must not overtake the handshake before it. */
  inbound: Promise<void>;
  timeout: unknown;
}

interface Contact {
  attempt: Attempt | null;
  state: ConnectionState;
  online: boolean;
  failures: number;
  retry: unknown;
}

export const createConnectionManager = (deps: ConnectionManagerDeps): ConnectionManager => {
  const connectTimeoutMs = deps.connectTimeoutMs ?? 20_000;
  const backoff = deps.backoff ?? { baseMs: 1_000, maxMs: 60_000 };
  const contacts = new Map<PeerId, Contact>();
  /** Attempts started so far (their tags). */
  let attempts = 0;
  let closed = false;

  const contactOf = (peer: PeerId): Contact => {
    let contact = contacts.get(peer);
    if (!contact) {
      contact = { attempt: null, state: { status: 'offline' }, online: false, failures: 0, retry: null };
      contacts.set(peer, contact);
    }
    return contact;
  };

  const setState = (peer: PeerId, state: ConnectionState): void => {
    const contact = contactOf(peer);
    contact.state = state;
    deps.onState(peer, state);
  };

  /** Ends an attempt; if it was the current one, the peer is no longer connected. */
  const finish = (peer: PeerId, attempt: Attempt, reason: string | null): void => {
    const contact = contactOf(peer);
    deps.clock.clearTimeout(attempt.timeout);
    const wasCurrent = contact.attempt === attempt;
    if (wasCurrent) {
      contact.attempt = null;
    }
    // destroy() may report the close synchronously and land here again: by then it is no longer current.
    attempt.rtc.destroy();
    if (!wasCurrent) {
      return;
    }
    if (attempt.link) {
      deps.engine.detach(peer, attempt.link);
    }
    deps.sessions.end(peer);
    if (closed) {
      return;
    }
    contact.failures += 1;
    setState(peer, reason ? { status: 'failed', reason } : { status: 'offline' });
    scheduleRedial(peer);
    dialWaiting();
  };

  /** Our attempts that have not got as far as an authenticated link. */
  const dialsUnderWay = (): number => {
    let count = 0;
    for (const contact of contacts.values()) {
      count += contact.attempt?.initiator && !contact.attempt.link ? 1 : 0;
    }
    return count;
  };

  const queue = createDialQueue({ limit: MAX_CONCURRENT_DIALS, underWay: dialsUnderWay });

  /** Starts the dials that wait, as far as slots are free. */
  const dialWaiting = (): void => {
    while (!closed) {
      const peer = queue.next();
      if (!peer) {
        return;
      }
      if (!contactOf(peer).attempt) {
        start(peer, true, deps.newAttemptId());
      }
    }
  };

  const scheduleRedial = (peer: PeerId): void => {
    const contact = contactOf(peer);
    if (!contact.online || contact.retry !== null || closed) {
      return;
    }
    const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(contact.failures, 20));
    contact.retry = deps.clock.setTimeout(
      () => {
        contact.retry = null;
        if (contact.online && !contact.attempt) {
          dial(peer, false);
        }
      },
      Math.floor(deps.random() * ceiling),
    );
  };

  const start = (peer: PeerId, initiator: boolean, id: string): Attempt => {
    const contact = contactOf(peer);
    const tag = String((attempts += 1));
    const channel = {
      current: null as Attempt | null,
    };
    const rtc = deps.rtc.create(
      { initiator, iceServers: deps.iceServers() },
      {
        onSignal: (data) => deps.sendSignal(peer, JSON.stringify({ a: id, s: data }), tag),
        onConnect: () => {
          const attempt = channel.current;
          if (attempt && initiator) {
            deps.sessions
              .begin(peer)
              .then((hello) => {
                if (hello.ok) {
                  attempt.rtc.send(hello.value);
                } else {
                  finish(peer, attempt, `${hello.error.code}: ${hello.error.message}`);
                }
              })
              // The host gone (a tab handing over, the app quitting): the attempt ends now, not at its timeout.
              .catch((error: unknown) =>
                finish(peer, attempt, error instanceof Error ? error.message : String(error)),
              );
          }
        },
        onData: (bytes) => {
          const attempt = channel.current;
          if (attempt) {
            // A failure of the session layer ends this connection instead of escaping as an unhandled rejection.
            attempt.inbound = attempt.inbound
              .then(() => handleData(peer, attempt, bytes))
              .catch((error: unknown) =>
                finish(peer, attempt, error instanceof Error ? error.message : String(error)),
              );
          }
        },
        onClose: (reason) => {
          const attempt = channel.current;
          if (attempt) {
            finish(peer, attempt, reason);
          }
        },
      },
    );
    const attempt: Attempt = {
      id,
      tag,
      initiator,
      rtc,
      link: null,
      inbound: Promise.resolve(),
      timeout: null,
    };
    channel.current = attempt;
    attempt.timeout = deps.clock.setTimeout(() => {
      if (!attempt.link) {
        finish(peer, attempt, 'connection timed out');
      }
    }, connectTimeoutMs);
    contact.attempt = attempt;
    if (contact.retry !== null) {
      deps.clock.clearTimeout(contact.retry);
      contact.retry = null;
    }
    setState(peer, { status: 'connecting' });
    return attempt;
  };

  const handleData = async (peer: PeerId, attempt: Attempt, bytes: Uint8Array): Promise<void> => {
    if (attempt.link) {
      // Not awaited: the link keeps records in order itself and opens the next while this one is opening.
      attempt.link
        .receive(bytes)
        .catch((error: unknown) =>
          finish(peer, attempt, error instanceof Error ? error.message : String(error)),
        );
      return;
    }
    if (!isHandshakeMessage(bytes)) {
      return;
    }
    const step = await deps.sessions.handshake(peer, bytes);
    if (!step.ok) {
      finish(peer, attempt, `${step.error.code}: ${step.error.message}`);
      return;
    }
    if (step.value.reply) {
      attempt.rtc.send(step.value.reply);
    }
    if (step.value.established && contactOf(peer).attempt === attempt) {
      deps.clock.clearTimeout(attempt.timeout);
      attempt.link = createSecureLink(
        attempt.rtc,
        {
          seal: (plaintext) => deps.sessions.seal(peer, plaintext),
          open: (record) => deps.sessions.open(peer, record),
        },
        {
          onFrame: (frame) => void deps.engine.receive(peer, frame),
          // A lost session ends the connection, to redial with a new handshake; an oversized frame is dropped.
          onError: (reason, sessionLost) => {
            if (sessionLost) {
              finish(peer, attempt, reason);
            }
          },
        },
      );
      contactOf(peer).failures = 0;
      setState(peer, { status: 'connected' });
      deps.engine.attach(peer, attempt.link);
      dialWaiting();
    }
  };

  /** Dials now if a slot is free, else waits for one: `urgent` ones (something to send) go to the front. */
  const dial = (peer: PeerId, urgent: boolean): void => {
    const contact = contactOf(peer);
    if (closed || contact.attempt || peer === deps.localPeerId) {
      return;
    }
    if (queue.admit(peer, urgent)) {
      start(peer, true, deps.newAttemptId());
    } else if (contact.state.status !== 'connecting') {
      setState(peer, { status: 'connecting' });
    }
  };

  return {
    dial: (peer) => dial(peer, true),
    presence(peer, online) {
      const contact = contactOf(peer);
      contact.online = online;
      if (online) {
        contact.failures = 0;
        dial(peer, false);
        return;
      }
      if (contact.retry !== null) {
        deps.clock.clearTimeout(contact.retry);
        contact.retry = null;
      }
      if (!contact.attempt && queue.remove(peer)) {
        setState(peer, { status: 'offline' });
      }
    },
    signal(from, payload) {
      if (closed) {
        return;
      }
      let parsed: z.infer<typeof SignalPayloadSchema>;
      try {
        const result = SignalPayloadSchema.safeParse(JSON.parse(payload));
        if (!result.success) {
          return;
        }
        parsed = result.data;
      } catch {
        return;
      }
      const contact = contactOf(from);
      const current = contact.attempt;
      if (current?.id === parsed.a) {
        current.rtc.signal(parsed.s);
        return;
      }
      // Anything but an offer for an unknown attempt is left over from one that is gone.
      if (parsed.s.type !== 'offer') {
        return;
      }
      if (current && current.initiator && !current.link && deps.localPeerId < from) {
        // Glare, and ours wins: the other side yields and answers our offer.
        return;
      }
      if (current) {
        // Glare lost, or the peer redials (it restarted, or lost a connection we still think is up).
        const replaced = current;
        contact.attempt = null;
        if (replaced.link) {
          deps.engine.detach(from, replaced.link);
        }
        deps.clock.clearTimeout(replaced.timeout);
        replaced.rtc.destroy();
      }
      queue.remove(from);
      start(from, false, parsed.a).rtc.signal(parsed.s);
      // Ours may have been one of the dials under way.
      dialWaiting();
    },
    signalFailed(peer, reason, tag) {
      const attempt = contactOf(peer).attempt;
      // A refusal left over from an earlier attempt (its offer and candidates are refused one by one) must not
      // end the redial that followed it.
      if (attempt && !attempt.link && (tag === undefined || tag === attempt.tag)) {
        finish(peer, attempt, reason);
      }
    },
    state: (peer) => contactOf(peer).state,
    close() {
      closed = true;
      queue.clear();
      for (const [peer, contact] of contacts) {
        if (contact.retry !== null) {
          deps.clock.clearTimeout(contact.retry);
        }
        if (contact.attempt) {
          finish(peer, contact.attempt, null);
        }
      }
    },
  };
};
