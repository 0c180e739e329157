// Exactly-once delivery between this peer and its contacts (docs/PROTOCOL.md, "Delivery"). Outgoing messages are
// stored before they are sent and stay in the outbox until the recipient acknowledges them, which it does only
// after storing them; unacknowledged ones are resent with exponential backoff and full jitter, across
// reconnects, until acked or expired. Receipt is idempotent by message ID, sequence gaps are reported in acks
// and filled at once, and only accepted contacts may message us (contact requests are held apart). Links (an
// authenticated, encrypted channel to one peer) come and go; the engine never assumes one is up.
import type { PeerId } from '../identity/peer-id';
import type { Clock } from '../ports/clock';
import { fail, ok, type Result } from '../result';
import {
  decodeFrame,
  directConversationId,
  encodeFrame,
  MAX_IDS_PER_FRAME,
  MessageBodySchemas,
  type Frame,
  type Message,
  type MessageId,
  type MessageType,
} from './message-format';
import type { ContactState, DeliveryStatus, MessageStore } from './message-store';
import { createIncomingMessages } from './incoming-messages';
import { expiryFor } from './disappearing-timer';
import {
  DECISIONS,
  DEFAULT_RETRANSMIT_POLICY,
  MAX_TIMER_MS,
  type EngineEvent,
  type PeerLink,
  type RetransmitPolicy,
  type TrustDecision,
} from './delivery-types';

export {
  DEFAULT_RETRANSMIT_POLICY,
  type EngineEvent,
  type PeerLink,
  type RetransmitPolicy,
  type TrustDecision,
} from './delivery-types';
import type { z } from 'zod';

/**
 * Who hears of a new name: accepted contacts, and those we asked who have not answered (their copy of our
 * request would otherwise keep the old name; a recipient takes a profile from someone whose request it holds).
 */
const PROFILE_RECIPIENTS: ReadonlySet<ContactState> = new Set(['accepted', 'requested-by-me']);

export interface DeliveryEngineDeps {
  readonly localPeerId: PeerId;
  /** The name our contact requests and acceptances introduce us by, until announceProfile changes it. */
  readonly displayName: string;
  readonly store: MessageStore;
  readonly clock: Clock;
  readonly random: () => number;
  readonly newMessageId: (now: number) => MessageId;
  readonly onEvent: (event: EngineEvent) => void;
  readonly policy?: Partial<RetransmitPolicy>;
}

type Body<T extends MessageType> = z.infer<(typeof MessageBodySchemas)[T]>;

export interface DeliveryEngine {
  /** Loads every outbox; call once at start. */
  start(): Promise<void>;
  /** A link to `peer` is up (the session handshake proved who it is): flush its outbox. */
  attach(peer: PeerId, link: PeerLink): void;
  detach(peer: PeerId, link: PeerLink): void;
  /** A frame arrived on the link to `peer`. */
  receive(peer: PeerId, frame: Uint8Array): Promise<void>;
  send<T extends MessageType>(
    to: PeerId,
    type: T,
    body: Body<T>,
    meta?: Message['meta'],
  ): Promise<Result<Message>>;
  /** The name our contact requests and acceptances introduce us by. */
  displayName(): string;
  /**
   * Our name from now on: later requests and acceptances carry it, and a `profile` message (delivered like any
   * other) takes it to each of `peers` who knows us: an accepted contact, or one we asked and who has not
   * answered yet. Others are skipped. Resolves to the messages queued. A name the schema refuses is a
   * programmer error (the host validated it): RangeError.
   */
  announceProfile(displayName: string, peers: readonly PeerId[]): Promise<readonly Message[]>;
  /** Tells `peer` these of its messages were read (a receipt, itself delivered reliably). */
  markRead(peer: PeerId, ids: readonly MessageId[]): Promise<void>;
  typing(peer: PeerId, active: boolean): void;
  /**
   * The user's decision about a peer: `block` refuses everything from them from now on; `unblock` makes them a
   * stranger again (either side may send a new request); `ignore` declines a request without telling them;
   * `forget` (a contact deleted with their history) makes them a stranger and stops sending them what is in
   * flight (the caller empties the stored outbox).
   */
  decide(peer: PeerId, decision: TrustDecision): Promise<Result<ContactState>>;
  /** Puts a failed message back in the outbox. */
  retry(id: MessageId): Promise<Result<Message>>;
  /** Peers this engine has a link to. */
  connected(): readonly PeerId[];
  /** Stops timers and new work; resolves once work in progress has finished (then the store may close). */
  stop(): Promise<void>;
}

interface InFlight {
  readonly message: Message;
  /** When it fails as undeliverable: its own expiry, else the delivery window from when it was (re)queued. */
  readonly deadline: number;
  attempts: number;
  nextAttemptAt: number;
  /** Last time it was written to a link; resent only after a backoff from then. */
  sent: boolean;
  /** Order of its last write to a link (a counter: virtual clocks stand still). */
  writtenAt: number;
}

interface PeerState {
  link: PeerLink | null;
  readonly inFlight: Map<MessageId, InFlight>;
  /** Highest sequence number loaded from the outbox into the window. */
  loadedUpTo: number;
  timer: unknown;
  timerAt: number;
  readonly pendingAcks: Set<MessageId>;
  ackTimer: unknown;
  /** Messages from this peer being stored right now: their acks go out together once none is left. */
  storing: number;
  lastAckAt: number;
  refilling: boolean;
}

export const createDeliveryEngine = (deps: DeliveryEngineDeps): DeliveryEngine => {
  const policy: RetransmitPolicy = { ...DEFAULT_RETRANSMIT_POLICY, ...deps.policy };
  const { store, clock } = deps;
  const peers = new Map<PeerId, PeerState>();
  let stopped = false;
  // Work started by timers, links and frames, so stop() can wait for it and failures are reported, not thrown.
  const inProgress = new Set<Promise<unknown>>();
  const background = (task: Promise<unknown>): void => {
    const tracked = task.catch((error: unknown) => {
      if (!stopped) {
        deps.onEvent({ type: 'failure', reason: error instanceof Error ? error.message : String(error) });
      }
    });
    inProgress.add(tracked);
    void tracked.finally(() => inProgress.delete(tracked));
  };
  // Sender timestamps never go backwards, so one sender's messages sort by sequence too.
  let lastSentAt = 0;
  let displayName = deps.displayName;
  /** Frames written to links so far (orders InFlight.writtenAt). */
  let writes = 0;

  const peerState = (peer: PeerId): PeerState => {
    let state = peers.get(peer);
    if (!state) {
      state = {
        link: null,
        inFlight: new Map(),
        loadedUpTo: 0,
        timer: null,
        timerAt: Infinity,
        pendingAcks: new Set(),
        storing: 0,
        lastAckAt: -Infinity,
        ackTimer: null,
        refilling: false,
      };
      peers.set(peer, state);
    }
    return state;
  };

  const backoff = (attempts: number): number =>
    policy.baseMs +
    Math.floor(deps.random() * Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempts, 30)));

  const entryFor = (message: Message, queuedAt: number): InFlight => ({
    message,
    deadline: message.meta?.expiresAt ?? Math.max(message.sentAt, queuedAt) + policy.deliveryWindowMs,
    attempts: 0,
    nextAttemptAt: clock.now(),
    sent: false,
    writtenAt: 0,
  });

  const emitStatus = (ids: readonly MessageId[], status: DeliveryStatus, failure?: string): void => {
    for (const id of ids) {
      deps.onEvent(failure ? { type: 'status', id, status, failure } : { type: 'status', id, status });
    }
  };

  const writeFrame = (peer: PeerId, frame: Frame): Promise<boolean> => {
    const link = peerState(peer).link;
    // Not chained: the link keeps the order of calls, and encrypts the next frame while this one is encrypting.
    return link ? link.send(encodeFrame(frame)).catch(() => false) : Promise.resolve(false);
  };

  /** Loads more of the stored outbox into the window. */
  const refill = async (peer: PeerId): Promise<void> => {
    const state = peerState(peer);
    if (state.refilling || state.inFlight.size >= policy.window) {
      return;
    }
    state.refilling = true;
    try {
      const room = policy.window - state.inFlight.size;
      const more = await store.outbox(peer, room, state.loadedUpTo);
      for (const message of more) {
        if (!state.inFlight.has(message.id)) {
          state.inFlight.set(message.id, entryFor(message, message.sentAt));
        }
        state.loadedUpTo = Math.max(state.loadedUpTo, message.seq);
      }
    } finally {
      state.refilling = false;
    }
  };

  /** Sends what is due, fails what expired, and sets the timer for the next due message. */
  const pump = async (peer: PeerId): Promise<void> => {
    if (stopped) {
      return;
    }
    const state = peerState(peer);
    await refill(peer);
    const now = clock.now();
    const expired: MessageId[] = [];
    const due: InFlight[] = [];
    for (const entry of state.inFlight.values()) {
      if (now > entry.deadline) {
        expired.push(entry.message.id);
      } else if (entry.nextAttemptAt <= now && state.link) {
        due.push(entry);
      }
    }
    if (expired.length > 0) {
      expired.forEach((id) => state.inFlight.delete(id));
      emitStatus(
        await store.setStatus(expired, 'failed', 'not delivered before it expired'),
        'failed',
        'not delivered before it expired',
      );
    }
    due.sort((a, b) => a.message.seq - b.message.seq);
    const firstSends: MessageId[] = [];
    for (const entry of due) {
      entry.attempts += 1;
      entry.nextAttemptAt = now + backoff(entry.attempts);
      if (!entry.sent) {
        entry.sent = true;
        firstSends.push(entry.message.id);
      }
      writes += 1;
      entry.writtenAt = writes;
      void writeFrame(peer, { v: 1, k: 'msg', m: entry.message });
    }
    if (firstSends.length > 0) {
      emitStatus(await store.setStatus(firstSends, 'sent'), 'sent');
    }
    schedule(peer);
  };

  const schedule = (peer: PeerId): void => {
    const state = peerState(peer);
    let next = Infinity;
    for (const entry of state.inFlight.values()) {
      next = Math.min(
        next,
        state.link ? Math.min(entry.nextAttemptAt, entry.deadline + 1) : entry.deadline + 1,
      );
    }
    if (next === state.timerAt) {
      return;
    }
    if (state.timer !== null) {
      clock.clearTimeout(state.timer);
      state.timer = null;
    }
    state.timerAt = next;
    if (next !== Infinity && !stopped) {
      state.timer = clock.setTimeout(
        () => {
          state.timer = null;
          state.timerAt = Infinity;
          background(pump(peer));
        },
        // Timers take 32-bit delays; a far deadline (the 30-day window) is reached in steps.
        Math.min(MAX_TIMER_MS, Math.max(0, next - clock.now())),
      );
    }
  };

  /** Whether an ack may go out now: at most one ack frame per `ackDelayMs`, so a stream is acked in batches. */
  const ackDue = (state: PeerState): boolean => clock.now() >= state.lastAckAt + policy.ackDelayMs;

  const queueAck = (peer: PeerId, id: MessageId): void => {
    const state = peerState(peer);
    state.pendingAcks.add(id);
    if (state.pendingAcks.size >= MAX_IDS_PER_FRAME) {
      background(flushAcks(peer));
    } else if (state.ackTimer === null) {
      // The timer is the latest an ack waits; it goes sooner once nothing from the peer is being stored.
      const wait = Math.max(state.lastAckAt + policy.ackDelayMs - clock.now(), 0) || policy.ackDelayMs;
      state.ackTimer = clock.setTimeout(() => background(flushAcks(peer)), wait);
    }
  };

  const flushAcks = async (peer: PeerId): Promise<void> => {
    const state = peerState(peer);
    if (state.ackTimer !== null) {
      clock.clearTimeout(state.ackTimer);
      state.ackTimer = null;
    }
    state.lastAckAt = clock.now();
    const ids = [...state.pendingAcks].slice(0, MAX_IDS_PER_FRAME);
    ids.forEach((id) => state.pendingAcks.delete(id));
    const seen = await store.receivedSequence(peer);
    const missing: number[] = [];
    const above = new Set(seen.above);
    const highest = seen.above.at(-1) ?? seen.upTo;
    for (let seq = seen.upTo + 1; seq < highest && missing.length < 64; seq += 1) {
      if (!above.has(seq)) {
        missing.push(seq);
      }
    }
    await writeFrame(peer, { v: 1, k: 'ack', ids, upTo: seen.upTo, missing });
    if (state.pendingAcks.size > 0) {
      background(flushAcks(peer));
    }
  };

  const onAck = async (peer: PeerId, frame: Extract<Frame, { k: 'ack' }>): Promise<void> => {
    const state = peerState(peer);
    // Only our own messages to this peer can be acknowledged by it.
    const ours: MessageId[] = [];
    let newestAcked = 0;
    for (const id of frame.ids) {
      const entry = state.inFlight.get(id) ?? null;
      newestAcked = Math.max(newestAcked, entry?.writtenAt ?? 0);
      const stored = entry ? null : await store.outgoing(id);
      const message = entry?.message ?? stored?.message;
      if (message && message.to === peer) {
        ours.push(id);
        state.inFlight.delete(id);
      }
    }
    if (ours.length > 0) {
      emitStatus(await store.setStatus(ours, 'delivered'), 'delivered');
    }
    // Gaps the recipient reports are resent at once, if a later write has arrived since this one's last
    // write (so it was lost, not still on its way): every ack of a stream names the gap until it is filled,
    // and resending on each would flood the link with copies.
    const missing = new Set(frame.missing);
    const now = clock.now();
    for (const entry of state.inFlight.values()) {
      if (missing.has(entry.message.seq) && entry.writtenAt < newestAcked) {
        entry.nextAttemptAt = now;
      }
    }
    await pump(peer);
  };

  const onReject = async (peer: PeerId, frame: Extract<Frame, { k: 'reject' }>): Promise<void> => {
    const state = peerState(peer);
    const ours = frame.ids.filter((id) => state.inFlight.get(id)?.message.to === peer);
    ours.forEach((id) => state.inFlight.delete(id));
    const reason =
      frame.code === 'MESSAGE_NOT_A_CONTACT'
        ? 'the recipient has not accepted you as a contact'
        : frame.reason;
    emitStatus(await store.setStatus(ours, 'failed', reason), 'failed', reason);
    await pump(peer);
  };

  const incoming = createIncomingMessages({
    localPeerId: deps.localPeerId,
    store,
    now: () => clock.now(),
    onEvent: deps.onEvent,
    queueAck,
    writeFrame,
    emitStatus,
    reaccept: async (peer) => {
      await newMessage(peer, 'contact-accept', { displayName });
      background(pump(peer));
    },
  });

  const receiveFrame = async (peer: PeerId, bytes: Uint8Array): Promise<void> => {
    const decoded = decodeFrame(bytes);
    switch (decoded.kind) {
      case 'invalid':
        deps.onEvent({ type: 'refused', peer, code: 'MESSAGE_INVALID', reason: decoded.reason });
        return;
      case 'unknown':
        return;
      case 'foreign-message':
        // A type from a newer version: acknowledged so it is not resent, otherwise ignored.
        if (decoded.from === peer) {
          await store.markSeen(peer, decoded.seq);
          queueAck(peer, decoded.id);
        }
        return;
      case 'frame':
        break;
    }
    const frame = decoded.frame;
    switch (frame.k) {
      case 'msg': {
        const state = peerState(peer);
        state.storing += 1;
        try {
          await incoming.receive(peer, frame.m);
        } finally {
          state.storing -= 1;
          if (state.storing === 0 && state.pendingAcks.size > 0 && ackDue(state)) {
            background(flushAcks(peer));
          }
        }
        return;
      }
      case 'ack':
        return onAck(peer, frame);
      case 'reject':
        return onReject(peer, frame);
      case 'typing':
        // Ephemeral: never stored, never retried, and only from contacts.
        if ((await store.contactState(peer)) === 'accepted') {
          deps.onEvent({ type: 'typing', peer, active: frame.active });
        }
        return;
    }
  };

  /** A text's metadata with the expiry the conversation's disappearing-messages timer gives it, if any. */
  const disappearing = async (to: PeerId, meta?: Message['meta']): Promise<Message['meta']> => {
    if (meta?.expiresAt !== undefined) {
      return meta;
    }
    const seconds = await store.disappearingTimer(directConversationId(deps.localPeerId, to));
    const expiresAt = expiryFor(clock.now(), seconds);
    return expiresAt === undefined ? meta : { ...meta, expiresAt };
  };

  const newMessage = async <T extends MessageType>(
    to: PeerId,
    type: T,
    body: Body<T>,
    meta?: Message['meta'],
  ): Promise<Message> => {
    lastSentAt = Math.max(lastSentAt, clock.now());
    const sentAt = lastSentAt;
    const id = deps.newMessageId(sentAt);
    const message = await store.createOutgoing(
      to,
      (seq) =>
        ({
          id,
          from: deps.localPeerId,
          to,
          conversation: directConversationId(deps.localPeerId, to),
          sentAt,
          seq,
          t: type,
          body,
          ...(meta ? { meta } : {}),
        }) as Message,
    );
    // The next in sequence joins the window at once: reading it back from the outbox would only cost time.
    const state = peerState(to);
    if (!state.refilling && state.inFlight.size < policy.window && message.seq === state.loadedUpTo + 1) {
      state.inFlight.set(message.id, entryFor(message, sentAt));
      state.loadedUpTo = message.seq;
    }
    return message;
  };

  const send: DeliveryEngine['send'] = async (to, type, body, meta) => {
    if (stopped) {
      return fail('MESSAGE_UNKNOWN', 'the messaging engine is stopped');
    }
    const contact = await store.contactState(to);
    if (type === 'contact-request' && contact === 'unknown') {
      await store.setContactState(to, 'requested-by-me');
      deps.onEvent({ type: 'contact', peer: to, state: 'requested-by-me' });
    } else if (type === 'contact-accept' && contact === 'requested-by-them') {
      await store.setContactState(to, 'accepted');
      deps.onEvent({ type: 'contact', peer: to, state: 'accepted' });
    } else if (
      contact !== 'accepted' &&
      type !== 'contact-request' &&
      type !== 'contact-accept' &&
      !(type === 'profile' && PROFILE_RECIPIENTS.has(contact))
    ) {
      return fail('MESSAGE_NOT_A_CONTACT', `${to} is not an accepted contact`);
    }
    const message = await newMessage(to, type, body, type === 'text' ? await disappearing(to, meta) : meta);
    emitStatus([message.id], 'pending');
    background(pump(to));
    return ok(message);
  };

  return {
    async start() {
      for (const peer of await store.outboxPeers()) {
        await pump(peer);
      }
    },
    attach(peer, link) {
      const state = peerState(peer);
      state.link = link;
      // A new link: everything in flight goes out again now, whatever its backoff said.
      const now = clock.now();
      for (const entry of state.inFlight.values()) {
        entry.nextAttemptAt = now;
      }
      background(pump(peer));
    },
    detach(peer, link) {
      const state = peerState(peer);
      if (state.link === link) {
        state.link = null;
        schedule(peer);
      }
    },
    receive(peer, bytes) {
      if (stopped) {
        return Promise.resolve();
      }
      const task = receiveFrame(peer, bytes);
      background(task);
      return task.catch(() => undefined);
    },
    send,
    displayName: () => displayName,
    async announceProfile(name, peers) {
      const body = MessageBodySchemas.profile.safeParse({ displayName: name });
      if (!body.success) {
        throw new RangeError(`not a display name: ${body.error.issues[0]?.message ?? 'invalid'}`);
      }
      displayName = body.data.displayName;
      const queued: Message[] = [];
      for (const peer of new Set(peers)) {
        if (peer !== deps.localPeerId && PROFILE_RECIPIENTS.has(await store.contactState(peer))) {
          const sent = await send(peer, 'profile', body.data);
          if (sent.ok) {
            queued.push(sent.value);
          }
        }
      }
      return queued;
    },
    async markRead(peer, ids) {
      for (let at = 0; at < ids.length; at += MAX_IDS_PER_FRAME) {
        const batch = ids.slice(at, at + MAX_IDS_PER_FRAME);
        if (batch.length > 0) {
          await newMessage(peer, 'read', { ids: batch });
        }
      }
      background(pump(peer));
    },
    typing(peer, active) {
      void writeFrame(peer, {
        v: 1,
        k: 'typing',
        conversation: directConversationId(deps.localPeerId, peer),
        active,
      });
    },
    async decide(peer, decision) {
      const current = await store.contactState(peer);
      const rule = DECISIONS[decision];
      if (!rule.from.includes(current)) {
        return fail('MESSAGE_NOT_A_CONTACT', `cannot ${decision} a peer whose state is ${current}`);
      }
      await store.setContactState(peer, rule.to);
      if (decision === 'forget') {
        // Nothing more goes to a forgotten peer: what is in the window leaves it (and is never resent).
        peerState(peer).inFlight.clear();
        schedule(peer);
      }
      deps.onEvent({ type: 'contact', peer, state: rule.to });
      return ok(rule.to);
    },
    async retry(id) {
      const stored = await store.outgoing(id);
      if (!stored) {
        return fail('MESSAGE_UNKNOWN', 'no such outgoing message');
      }
      const changed = await store.setStatus([id], 'pending');
      if (changed.length === 0) {
        return fail('MESSAGE_UNKNOWN', `a ${stored.status} message cannot be retried`);
      }
      const state = peerState(stored.message.to);
      // Back into the window even if its sequence number was loaded before.
      state.inFlight.set(id, entryFor(stored.message, clock.now()));
      emitStatus([id], 'pending');
      background(pump(stored.message.to));
      return ok(stored.message);
    },
    connected: () => [...peers].filter(([, state]) => state.link !== null).map(([peer]) => peer),
    async stop() {
      stopped = true;
      for (const state of peers.values()) {
        if (state.timer !== null) {
          clock.clearTimeout(state.timer);
        }
        if (state.ackTimer !== null) {
          clock.clearTimeout(state.ackTimer);
        }
      }
      while (inProgress.size > 0) {
        await Promise.all([...inProgress]);
      }
    },
  };
};
