// The whole messaging side of one Parley peer, wired from its parts: the delivery engine (what to send, exactly
// once), the connection manager (WebRTC links to contacts), sealed signals (how offers cross the signaling
// server unread) and the signaling client's events (presence, relayed signals). The app's renderer and the
// headless Node peer both run this, each passing its own ports.
import type { KeyBundle } from '../identity/key-bundle';
import type { PeerId } from '../identity/peer-id';
import type { Clock } from '../ports/clock';
import { fail, type Result } from '../result';
import { createSealedSignals } from '../signaling/sealed-signals';
import type { SignalingClient, SignalingEvent } from '../signaling/signaling-client';
import type { IceServer } from '../signaling/signaling-frames';
import {
  createConnectionManager,
  type ConnectionState,
  type RtcPeerFactory,
  type SessionPort,
} from './connection-manager';
import {
  createDeliveryEngine,
  type EngineEvent,
  type RetransmitPolicy,
  type TrustDecision,
} from './delivery-engine';
import { editableAt } from './message-edits';
import { directConversationId, type Message, MessageBodySchemas, type MessageId } from './message-format';
import type { ContactState, MessageStore } from './message-store';

export type MessengerEvent =
  | EngineEvent
  | { readonly type: 'connection'; readonly peer: PeerId; readonly state: ConnectionState }
  | { readonly type: 'signaling'; readonly event: SignalingEvent };

/** Prefix of the `ref` on our signal frames; the rest is `<recipient's peer ID>:<attempt tag>`. */
const SIGNAL_REF_PREFIX = 'signal:';

/** The recipient and attempt a refused signal's `ref` names, if it is one of ours. */
const refusedSignal = (ref: string | undefined): { peer: PeerId; attempt: string } | null => {
  if (!ref?.startsWith(SIGNAL_REF_PREFIX)) {
    return null;
  }
  const [peer, attempt] = ref.slice(SIGNAL_REF_PREFIX.length).split(':');
  return peer && attempt ? { peer: peer as PeerId, attempt } : null;
};

export interface MessengerDeps {
  readonly localPeerId: PeerId;
  /** The name we introduce ourselves by at start; changeDisplayName changes it. */
  readonly displayName: string;
  readonly store: MessageStore;
  readonly sessions: SessionPort;
  readonly rtc: RtcPeerFactory;
  readonly signaling: Pick<SignalingClient, 'lookup' | 'sendSignal' | 'watch'>;
  /** Seals and opens signals with the identity (the host's sealSignal/openSignal). */
  readonly sealer: {
    seal(recipient: KeyBundle, payload: string): Promise<Result<string>>;
    open(from: PeerId, sealed: string): Promise<Result<string>>;
  };
  /**
   * Peers whose presence to follow: every contact (accepted, or a request either way), and anyone with messages
   * waiting. A new display name goes to those of them the store says know us.
   */
  readonly watchList: () => Promise<readonly PeerId[]>;
  /** STUN/TURN servers of the user's own, tried beside those the signaling server hands out. */
  readonly extraIceServers?: readonly IceServer[];
  readonly clock: Clock;
  readonly random: () => number;
  readonly newMessageId: (now: number) => MessageId;
  readonly newAttemptId: () => string;
  readonly onEvent: (event: MessengerEvent) => void;
  readonly policy?: Partial<RetransmitPolicy>;
}

export interface Messenger {
  start(): Promise<void>;
  /** Feed every event of the signaling client here. */
  signalingEvent(event: SignalingEvent): void;
  sendText(to: PeerId, text: string, meta?: Message['meta']): Promise<Result<Message>>;
  requestContact(peer: PeerId, note?: string): Promise<Result<Message>>;
  acceptContact(peer: PeerId): Promise<Result<Message>>;
  /**
   * Changes our text `id` to `peer` for both sides (an `edit` message; message-edits.ts): refused with
   * MESSAGE_UNKNOWN unless it is a text of ours to them sent within EDIT_WINDOW_MS, and with MESSAGE_INVALID
   * for a text no message could carry.
   */
  editText(peer: PeerId, id: MessageId, text: string): Promise<Result<Message>>;
  /**
   * Our reaction to text `id` of our conversation with `peer` (ours or theirs), for both sides; '' takes it back
   * (message-reactions.ts). Refused with MESSAGE_UNKNOWN unless such a text is here, and with MESSAGE_INVALID for
   * anything but one emoji.
   */
  react(peer: PeerId, id: MessageId, emoji: string): Promise<Result<Message>>;
  /** Asks `peer` to delete these messages we sent them (they honour it for our own messages only). */
  deleteForEveryone(peer: PeerId, ids: readonly MessageId[]): Promise<Result<Message>>;
  /**
   * Our display name from now on (the host's identity was renamed first): later requests and acceptances carry
   * it, and every contact who knows us is sent a `profile` message with it, delivered like any message.
   * Resolves to the messages queued.
   */
  changeDisplayName(displayName: string): Promise<readonly Message[]>;
  /** Sets the conversation's disappearing-messages timer for both sides (0: off); a message both see. */
  setDisappearingTimer(peer: PeerId, seconds: number): Promise<Result<Message>>;
  /** Block, unblock, ignore a request, or forget a deleted contact (DeliveryEngine.decide). */
  decide(peer: PeerId, decision: TrustDecision): Promise<Result<ContactState>>;
  markRead(peer: PeerId, ids: readonly MessageId[]): Promise<void>;
  typing(peer: PeerId, active: boolean): void;
  retry(id: MessageId): Promise<Result<Message>>;
  /** Stops sending these (deleted here before they were acknowledged: DeliveryEngine.withdraw). */
  withdraw(ids: readonly MessageId[]): void;
  connection(peer: PeerId): ConnectionState;
  /** Closes connections and waits for work in progress (then the store may be closed). */
  stop(): Promise<void>;
}

export const createMessenger = (deps: MessengerDeps): Messenger => {
  let iceServers: readonly IceServer[] = [];
  // Dialing needs the signaling server; until it is ready, sends wait in the outbox and go out on `ready`.
  const reportFailure = (error: unknown): void =>
    deps.onEvent({ type: 'failure', reason: error instanceof Error ? error.message : String(error) });
  let signalingReady = false;
  // Peers whose presence this signaling session follows: the watch list at sign-in, then every new
  // relationship and recipient, so a contact made today is redialed when they come back tomorrow.
  const watched = new Set<PeerId>();
  const follow = (peers: readonly PeerId[]): void => {
    const fresh = peers.filter((peer) => !watched.has(peer) && peer !== deps.localPeerId);
    if (fresh.length === 0 || !signalingReady) {
      return;
    }
    fresh.forEach((peer) => watched.add(peer));
    deps.signaling.watch(fresh);
  };
  const engine = createDeliveryEngine({
    localPeerId: deps.localPeerId,
    displayName: deps.displayName,
    store: deps.store,
    clock: deps.clock,
    random: deps.random,
    newMessageId: deps.newMessageId,
    onEvent: (event) => {
      if (event.type === 'contact' && event.state !== 'blocked' && event.state !== 'unknown') {
        follow([event.peer]);
      }
      deps.onEvent(event);
    },
    ...(deps.policy ? { policy: deps.policy } : {}),
  });
  const signals = createSealedSignals({
    lookup: (peer) => deps.signaling.lookup(peer),
    seal: (recipient, payload) => deps.sealer.seal(recipient, payload),
    open: (from, sealed) => deps.sealer.open(from, sealed),
    // The ref names the recipient, so the server's refusal (offline, unknown) can fail the attempt at once:
    // left waiting for its timeout, it would also win glare against the peer's own dial when it returns.
    sendSealed: (to, sealed, attempt) =>
      deps.signaling.sendSignal(to, sealed, `${SIGNAL_REF_PREFIX}${to}:${attempt ?? '0'}`),
    deliver: (from, payload) => manager.signal(from, payload),
    onError: (peer, code, message, sending, attempt) => {
      deps.onEvent({ type: 'refused', peer, code, reason: message });
      if (sending) {
        manager.signalFailed(peer, message, attempt);
      }
    },
  });
  const manager = createConnectionManager({
    localPeerId: deps.localPeerId,
    engine,
    sessions: deps.sessions,
    rtc: deps.rtc,
    sendSignal: (to, payload, attempt) => void signals.send(to, payload, attempt),
    iceServers: () => [...iceServers, ...(deps.extraIceServers ?? [])],
    clock: deps.clock,
    random: deps.random,
    newAttemptId: deps.newAttemptId,
    onState: (peer, state) => deps.onEvent({ type: 'connection', peer, state }),
  });

  /** Sending wants a link: dial now rather than wait for presence. */
  const withDial = async (to: PeerId, sent: Promise<Result<Message>>): Promise<Result<Message>> => {
    const result = await sent;
    if (result.ok && signalingReady) {
      follow([to]);
      manager.dial(to);
    }
    return result;
  };

  return {
    async start() {
      await engine.start();
    },
    signalingEvent(event) {
      deps.onEvent({ type: 'signaling', event });
      switch (event.type) {
        case 'state':
          signalingReady = event.state.status === 'ready';
          if (event.state.status === 'ready') {
            iceServers = event.state.iceServers;
            signals.forget();
            // A new signaling session follows nothing yet.
            watched.clear();
            // A failed read (the store closing, say) is reported, never left as an unhandled rejection: in the
            // headless peer that would end the process.
            deps.watchList().then(follow).catch(reportFailure);
            // Messages waiting: try their recipients now rather than wait for presence.
            deps.store
              .outboxPeers()
              .then((peers) => peers.forEach((peer) => manager.dial(peer)))
              .catch(reportFailure);
          }
          return;
        case 'ice':
          iceServers = event.iceServers;
          return;
        case 'signal':
          signals.receive(event.from, event.payload).catch(reportFailure);
          return;
        case 'presence':
          manager.presence(event.peerId, event.online);
          return;
        case 'error': {
          const refused = refusedSignal(event.ref);
          if (refused) {
            manager.signalFailed(refused.peer, event.message, refused.attempt);
          }
          return;
        }
      }
    },
    sendText: (to, text, meta) => withDial(to, engine.send(to, 'text', { text }, meta)),
    requestContact: (peer, note) =>
      withDial(
        peer,
        engine.send(
          peer,
          'contact-request',
          note ? { displayName: engine.displayName(), note } : { displayName: engine.displayName() },
        ),
      ),
    acceptContact: (peer) =>
      withDial(peer, engine.send(peer, 'contact-accept', { displayName: engine.displayName() })),
    async changeDisplayName(displayName) {
      // Who hears of it: the MessageStore port cannot list contacts (every adapter would have to learn to),
      // and asking the caller for them would split one rule between two layers; but the composition root
      // already hands us every peer we relate to (the watch list, for presence), and the engine keeps those
      // the store says know us.
      const queued = await engine.announceProfile(displayName, await deps.watchList());
      if (signalingReady) {
        const recipients = queued.map((message) => message.to);
        follow(recipients);
        recipients.forEach((peer) => manager.dial(peer));
      }
      return queued;
    },
    setDisappearingTimer: (peer, seconds) => withDial(peer, engine.send(peer, 'timer', { seconds })),
    decide: (peer, decision) => engine.decide(peer, decision),
    async editText(peer, id, text) {
      const original = (await deps.store.outgoing(id))?.message;
      if (original?.to !== peer || !editableAt(original, deps.clock.now())) {
        return fail('MESSAGE_UNKNOWN', 'no text of ours to this peer that can still be edited');
      }
      const body = MessageBodySchemas.edit.safeParse({ text });
      if (!body.success) {
        return fail('MESSAGE_INVALID', body.error.issues[0]?.message ?? 'not a text');
      }
      // A disappearing text's edit goes when it does: its new text must not outlive it.
      const expiresAt = original.meta?.expiresAt;
      return withDial(
        peer,
        engine.send(peer, 'edit', body.data, {
          editOf: id,
          ...(expiresAt === undefined ? {} : { expiresAt }),
        }),
      );
    },
    async react(peer, id, emoji) {
      const target = (await deps.store.outgoing(id))?.message ?? (await deps.store.incoming(id))?.message;
      if (target?.t !== 'text' || target.conversation !== directConversationId(deps.localPeerId, peer)) {
        return fail('MESSAGE_UNKNOWN', 'no text of this conversation to react to');
      }
      const body = MessageBodySchemas.reaction.safeParse({ of: id, emoji });
      if (!body.success) {
        return fail('MESSAGE_INVALID', body.error.issues[0]?.message ?? 'not an emoji');
      }
      // A reaction to a disappearing text goes when the text does.
      const expiresAt = target.meta?.expiresAt;
      return withDial(
        peer,
        engine.send(peer, 'reaction', body.data, expiresAt === undefined ? undefined : { expiresAt }),
      );
    },
    deleteForEveryone: (peer, ids) => withDial(peer, engine.send(peer, 'delete', { ids: [...ids] })),
    markRead: async (peer, ids) => {
      // Dialed only for receipts actually queued: a blocked peer must not learn we are online, or where.
      if ((await engine.markRead(peer, ids)) && signalingReady) {
        manager.dial(peer);
      }
    },
    typing: (peer, active) => engine.typing(peer, active),
    retry: async (id) => {
      const retried = await engine.retry(id);
      if (retried.ok && signalingReady) {
        manager.dial(retried.value.to);
      }
      return retried;
    },
    withdraw: (ids) => engine.withdraw(ids),
    connection: (peer) => manager.state(peer),
    async stop() {
      manager.close();
      await engine.stop();
    },
  };
};
