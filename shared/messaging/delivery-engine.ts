// Exactly-once delivery between this peer and its contacts (docs/PROTOCOL.md, "Delivery"). Outgoing messages are
// stored before they are sent and stay in the outbox until the recipient acknowledges them, which it does only
// after storing them; unacknowledged ones are resent with exponential backoff and full jitter, across
// reconnects, until acked or expired. Receipt is idempotent by message ID, sequence gaps are reported in acks
// and filled at once, and only accepted contacts may message us (contact requests are held apart). Links (an
// authenticated, encrypted channel to one peer) come and go; the engine never assumes one is up.
import type { PeerId } from '../identity/peer-id';
import type { Clock } from '../ports/clock';
import { fail, ok, type Result } from '../result';
import type { z } from 'zod';
import { createAckBatcher } from './ack-batcher';
import { DECISIONS, outgoingRule, PROFILE_RECIPIENTS, type TrustDecision } from './contact-rules';
import {
  DEFAULT_RETRANSMIT_POLICY,
  type EngineEvent,
  type PeerLink,
  type RetransmitPolicy,
} from './delivery-types';
import { expiryFor } from './disappearing-timer';
import { createIncomingMessages } from './incoming-messages';
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
import { createOutboxWindow } from './outbox-window';

export { type TrustDecision } from './contact-rules';
export {
  DEFAULT_RETRANSMIT_POLICY,
  type EngineEvent,
  type PeerLink,
  type RetransmitPolicy,
} from './delivery-types';

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
  /** Queues read receipts for `ids` to `peer`; true if any were queued (only contacts get them). */
  markRead(peer: PeerId, ids: readonly MessageId[]): Promise<boolean>;
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
  /**
   * Stops sending these of our messages: the user deleted them here before they were acknowledged, and the
   * caller removed them from the store. One already written to a link may still arrive.
   */
  withdraw(ids: readonly MessageId[]): void;
  /** Peers this engine has a link to. */
  connected(): readonly PeerId[];
  /** Stops timers and new work; resolves once work in progress has finished (then the store may close). */
  stop(): Promise<void>;
}

/** Why what waited for a peer failed when the user blocked them. */
const BLOCKED = 'you blocked this contact';

export const createDeliveryEngine = (deps: DeliveryEngineDeps): DeliveryEngine => {
  const policy: RetransmitPolicy = { ...DEFAULT_RETRANSMIT_POLICY, ...deps.policy };
  const { store, clock } = deps;
  const links = new Map<PeerId, PeerLink>();
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

  const emitStatus = (ids: readonly MessageId[], status: DeliveryStatus, failure?: string): void => {
    for (const id of ids) {
      deps.onEvent(failure ? { type: 'status', id, status, failure } : { type: 'status', id, status });
    }
  };

  const writeEncoded = (peer: PeerId, frame: Uint8Array): Promise<boolean> => {
    const link = links.get(peer);
    // Not chained: the link keeps the order of calls, and encrypts the next frame while this one is encrypting.
    return link ? link.send(frame).catch(() => false) : Promise.resolve(false);
  };
  const writeFrame = (peer: PeerId, frame: Frame): Promise<boolean> => writeEncoded(peer, encodeFrame(frame));

  const outbox = createOutboxWindow({
    store,
    clock,
    random: deps.random,
    policy,
    linked: (peer) => links.has(peer),
    writeFrame: writeEncoded,
    emitStatus,
    background,
    stopped: () => stopped,
  });
  const acks = createAckBatcher({ store, clock, ackDelayMs: policy.ackDelayMs, writeFrame, background });

  const incoming = createIncomingMessages({
    localPeerId: deps.localPeerId,
    store,
    now: () => clock.now(),
    onEvent: deps.onEvent,
    queueAck: (peer, id) => acks.queue(peer, id),
    writeFrame,
    emitStatus,
    reaccept: async (peer) => {
      await newMessage(peer, 'contact-accept', { displayName });
      background(outbox.pump(peer));
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
        // A type from a newer version: acknowledged so it is not resent, otherwise ignored; but a blocked peer
        // is refused, as for any type, rather than shown it was delivered.
        if (decoded.from === peer) {
          await store.markSeen(peer, decoded.seq);
          if ((await store.contactState(peer)) === 'blocked') {
            const reason = 'not a contact';
            deps.onEvent({ type: 'refused', peer, code: 'MESSAGE_NOT_A_CONTACT', reason });
            await writeFrame(peer, {
              v: 1,
              k: 'reject',
              ids: [decoded.id],
              code: 'MESSAGE_NOT_A_CONTACT',
              reason,
            });
          } else {
            acks.queue(peer, decoded.id);
          }
        }
        return;
      case 'frame':
        break;
    }
    const frame = decoded.frame;
    switch (frame.k) {
      case 'msg':
        return acks.whileStoring(peer, () => incoming.receive(peer, frame.m));
      case 'ack':
        return outbox.acknowledged(peer, frame);
      case 'reject':
        return outbox.rejected(peer, frame);
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
    outbox.admit(message);
    return message;
  };

  /** Fails every message still in the stored outbox to `peer`, oldest first, a page at a time. */
  const failOutbox = async (peer: PeerId, reason: string): Promise<void> => {
    for (let after = 0; ;) {
      const page = await store.outbox(peer, 256, after);
      const last = page.at(-1);
      if (!last) {
        return;
      }
      const ids = page.map((message) => message.id);
      emitStatus(await store.setStatus(ids, 'failed', reason), 'failed', reason);
      after = last.seq;
    }
  };

  const send: DeliveryEngine['send'] = async (to, type, body, meta) => {
    if (stopped) {
      return fail('MESSAGE_UNKNOWN', 'the messaging engine is stopped');
    }
    const rule = outgoingRule(type, await store.contactState(to));
    if (!rule.allowed) {
      return fail('MESSAGE_NOT_A_CONTACT', `${to} is not an accepted contact`);
    }
    if (rule.becomes) {
      await store.setContactState(to, rule.becomes);
      deps.onEvent({ type: 'contact', peer: to, state: rule.becomes });
    }
    const message = await newMessage(to, type, body, type === 'text' ? await disappearing(to, meta) : meta);
    emitStatus([message.id], 'pending');
    background(outbox.pump(to));
    return ok(message);
  };

  return {
    async start() {
      for (const peer of await store.outboxPeers()) {
        await outbox.pump(peer);
      }
    },
    attach(peer, link) {
      links.set(peer, link);
      outbox.linkUp(peer);
    },
    detach(peer, link) {
      if (links.get(peer) === link) {
        links.delete(peer);
        outbox.linkDown(peer);
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
      // Receipts are for contacts: a blocked peer does not learn what was read after the block (nor is it
      // dialed for it), and a stranger whose request is open would only refuse one.
      if ((await store.contactState(peer)) !== 'accepted' || ids.length === 0) {
        return false;
      }
      for (let at = 0; at < ids.length; at += MAX_IDS_PER_FRAME) {
        await newMessage(peer, 'read', { ids: ids.slice(at, at + MAX_IDS_PER_FRAME) });
      }
      background(outbox.pump(peer));
      return true;
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
      if (decision === 'forget' || decision === 'block') {
        outbox.forget(peer);
      }
      if (decision === 'block') {
        // Nothing more goes to someone blocked, what waited included (read receipts, texts): it fails, and can be
        // retried once they are unblocked and a contact again.
        await failOutbox(peer, BLOCKED);
      }
      deps.onEvent({ type: 'contact', peer, state: rule.to });
      return ok(rule.to);
    },
    async retry(id) {
      const stored = await store.outgoing(id);
      if (!stored) {
        return fail('MESSAGE_UNKNOWN', 'no such outgoing message');
      }
      // As when it was sent: a peer blocked or forgotten since gets nothing.
      if (!outgoingRule(stored.message.t, await store.contactState(stored.message.to)).allowed) {
        return fail('MESSAGE_NOT_A_CONTACT', `${stored.message.to} is not an accepted contact`);
      }
      if (!(await store.retry(id, clock.now()))) {
        return fail('MESSAGE_UNKNOWN', `a ${stored.status} message cannot be retried`);
      }
      outbox.requeue(stored.message);
      emitStatus([id], 'pending');
      background(outbox.pump(stored.message.to));
      return ok(stored.message);
    },
    withdraw: (ids) => outbox.withdraw(ids),
    connected: () => [...links.keys()],
    async stop() {
      stopped = true;
      outbox.stop();
      acks.stop();
      while (inProgress.size > 0) {
        await Promise.all([...inProgress]);
      }
    },
  };
};
