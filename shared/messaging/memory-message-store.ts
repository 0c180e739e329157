// The message store in memory: the reference implementation of MessageStore (the Dexie and file stores must
// behave the same), used by tests and by short-lived bots. `snapshot`/`restore` stand in for a restart.
import type { PeerId } from '../identity/peer-id';
import { hangsOn, namesDeletedText, reactionsGoingWith, type TargetDeletion } from './deleted-targets';
import { laterTimer, type TimerSetting } from './disappearing-timer';
import { applyEdit, type EditMark, type EditMessage, isEdit, latestEdit } from './message-edits';
import type { Message, MessageId } from './message-format';
import { markSequenceSeenInPlace } from './received-sequence';
import type {
  ContactState,
  DeliveryStatus,
  IncomingMessage,
  MessageStore,
  OutgoingMessage,
  ReceivedSequence,
} from './message-store';

/**
 * Allowed status changes. Never backwards: a late ack does not undo a read receipt. A failed message may be retried
 * (pending again), and an ack that arrives after giving up still tells the truth (delivered).
 */
export const STATUS_TRANSITIONS: Readonly<Record<DeliveryStatus, readonly DeliveryStatus[]>> = {
  pending: ['sent', 'delivered', 'read', 'failed'],
  sent: ['delivered', 'read', 'failed'],
  delivered: ['read'],
  read: [],
  failed: ['pending', 'delivered', 'read'],
};
/** Statuses that keep a message in the outbox (not yet acknowledged, not given up). */
export const IN_OUTBOX: ReadonlySet<DeliveryStatus> = new Set(['pending', 'sent']);

/**
 * Whether `message` is a text its sender deleted before it arrived (`deletedBy`: who deleted its ID, if anyone;
 * MessageStore.deleteMessages): only the deleter's own texts are kept out.
 */
export const isOvertaken = (deletedBy: PeerId | undefined, message: Message): boolean =>
  deletedBy !== undefined && deletedBy === message.from && message.t === 'text';

/** An outgoing entry; a failure reason and a retry time only when there are. */
export const outgoingEntry = (
  message: Message,
  status: DeliveryStatus,
  failure?: string,
  retriedAt?: number,
  edited?: EditMark,
): OutgoingMessage => ({
  message,
  status,
  ...(failure === undefined ? {} : { failure }),
  ...(retriedAt === undefined ? {} : { retriedAt }),
  ...(edited === undefined ? {} : { edited }),
});

/**
 * What storing `message` does to the entries held in its direction (message-edits.ts): an edit changes the text it
 * names; a text shows the latest of the edits stored before it. Returns the entry to store in place of the text
 * changed (or of `message`), or null when nothing changes.
 */
export const settleEdits = <E extends { readonly message: Message; readonly edited?: EditMark }>(
  message: Message,
  entries: ReadonlyMap<MessageId, E>,
  editsOf: (id: MessageId) => readonly EditMessage[],
): { readonly id: MessageId; readonly entry: E } | null => {
  if (isEdit(message)) {
    const editOf = message.meta?.editOf;
    const target = editOf === undefined ? undefined : entries.get(editOf);
    const applied = target && applyEdit(target.message, target.edited, message);
    return target && applied ? { id: target.message.id, entry: { ...target, ...applied } } : null;
  }
  const own = entries.get(message.id);
  if (message.t !== 'text' || !own) {
    return null;
  }
  const latest = latestEdit(message, editsOf(message.id));
  const applied = latest && applyEdit(message, undefined, latest);
  return applied ? { id: message.id, entry: { ...own, ...applied } } : null;
};

interface State {
  readonly outgoing: Map<MessageId, OutgoingMessage>;
  readonly incoming: Map<MessageId, IncomingMessage>;
  /** IDs ever received, including deleted ones, so a deleted message is never stored again. */
  readonly knownIncoming: Set<MessageId>;
  /** IDs a sender deleted before they arrived, with that sender: a text from them under one is never stored. */
  readonly overtaken: Map<MessageId, PeerId>;
  /** Edits stored, sent or received, by the ID of the text they edit (for a text that comes after its edits). */
  readonly edits: Map<MessageId, EditMessage[]>;
  readonly nextSeq: Map<PeerId, number>;
  readonly received: Map<PeerId, { upTo: number; above: Set<number> }>;
  readonly contacts: Map<PeerId, ContactState>;
  readonly timers: Map<string, TimerSetting>;
}

const emptyState = (): State => ({
  outgoing: new Map(),
  incoming: new Map(),
  knownIncoming: new Set(),
  overtaken: new Map(),
  edits: new Map(),
  nextSeq: new Map(),
  received: new Map(),
  contacts: new Map(),
  timers: new Map(),
});

const copyState = (state: State): State => ({
  outgoing: new Map(state.outgoing),
  incoming: new Map(state.incoming),
  knownIncoming: new Set(state.knownIncoming),
  overtaken: new Map(state.overtaken),
  edits: new Map([...state.edits].map(([id, edits]) => [id, [...edits]])),
  nextSeq: new Map(state.nextSeq),
  received: new Map(
    [...state.received].map(([peer, seen]) => [peer, { upTo: seen.upTo, above: new Set(seen.above) }]),
  ),
  contacts: new Map(state.contacts),
  timers: new Map(state.timers),
});

export interface MemoryMessageStore extends MessageStore {
  /** Everything stored, as a restarted process would find it. */
  snapshot(): State;
  incomingMessages(): readonly IncomingMessage[];
  outgoingMessages(): readonly OutgoingMessage[];
}

export const createMemoryMessageStore = (initial?: State): MemoryMessageStore => {
  const state = initial ? copyState(initial) : emptyState();

  const markSeen = (from: PeerId, seq: number): void => {
    const seen = state.received.get(from) ?? { upTo: 0, above: new Set<number>() };
    markSequenceSeenInPlace(seen, seq);
    state.received.set(from, seen);
  };

  const noteTimer = (message: Message): void => {
    const setting = laterTimer(state.timers.get(message.conversation), message);
    if (setting) {
      state.timers.set(message.conversation, setting);
    }
  };

  /**
   * Stores `message` in `entries`, with what it does to the texts there (settleEdits). True when `message` is a
   * text stored showing an edit that came before it.
   */
  const storeWithEdits = <E extends { readonly message: Message; readonly edited?: EditMark }>(
    message: Message,
    entry: E,
    entries: Map<MessageId, E>,
  ): boolean => {
    entries.set(message.id, entry);
    if (isEdit(message) && message.meta?.editOf !== undefined) {
      state.edits.set(message.meta.editOf, [...(state.edits.get(message.meta.editOf) ?? []), message]);
    }
    const edited = settleEdits(message, entries, (id) => state.edits.get(id) ?? []);
    if (edited) {
      entries.set(edited.id, edited.entry);
    }
    return edited?.id === message.id;
  };

  const deletionOf = (id: MessageId | undefined): TargetDeletion | undefined => {
    if (id === undefined) {
      return undefined;
    }
    const by = state.overtaken.get(id);
    if (by !== undefined) {
      return { here: false, by };
    }
    return state.knownIncoming.has(id) && !state.incoming.has(id) ? { here: true } : undefined;
  };

  const inOutbox = (to: PeerId) =>
    [...state.outgoing.values()]
      .filter((entry) => entry.message.to === to && IN_OUTBOX.has(entry.status))
      .map((entry) => entry.message)
      .sort((a, b) => a.seq - b.seq);

  return {
    createOutgoing(to, build) {
      const seq = (state.nextSeq.get(to) ?? 0) + 1;
      const message = build(seq);
      state.nextSeq.set(to, seq);
      storeWithEdits<OutgoingMessage>(message, { message, status: 'pending' }, state.outgoing);
      noteTimer(message);
      return Promise.resolve(message);
    },
    outbox: (to, limit, afterSeq = 0) =>
      Promise.resolve(
        inOutbox(to)
          .filter((message) => message.seq > afterSeq)
          .slice(0, limit),
      ),
    outboxPeers: () =>
      Promise.resolve([
        ...new Set(
          [...state.outgoing.values()]
            .filter((entry) => IN_OUTBOX.has(entry.status))
            .map((entry) => entry.message.to),
        ),
      ]),
    outgoing: (id) => Promise.resolve(state.outgoing.get(id) ?? null),
    setStatus(ids, status, failure) {
      const changed: MessageId[] = [];
      for (const id of ids) {
        const entry = state.outgoing.get(id);
        if (!entry || !STATUS_TRANSITIONS[entry.status].includes(status)) {
          continue;
        }
        state.outgoing.set(
          id,
          outgoingEntry(
            entry.message,
            status,
            status === 'failed' ? failure || undefined : undefined,
            entry.retriedAt,
            entry.edited,
          ),
        );
        changed.push(id);
      }
      return Promise.resolve(changed);
    },
    retry(id, at) {
      const entry = state.outgoing.get(id);
      if (entry?.status !== 'failed') {
        return Promise.resolve(false);
      }
      state.outgoing.set(id, outgoingEntry(entry.message, 'pending', undefined, at, entry.edited));
      return Promise.resolve(true);
    },
    receive(message, receivedAt, request) {
      markSeen(message.from, message.seq);
      if (state.knownIncoming.has(message.id)) {
        return Promise.resolve('duplicate');
      }
      if (isOvertaken(state.overtaken.get(message.id), message)) {
        return Promise.resolve('duplicate');
      }
      state.knownIncoming.add(message.id);
      state.overtaken.delete(message.id);
      if (namesDeletedText(message, deletionOf(hangsOn(message)))) {
        // An edit or reaction of a text that is gone: taken (its ID known), but not kept.
        return Promise.resolve('stored');
      }
      const edited = storeWithEdits<IncomingMessage>(
        message,
        { message, receivedAt, request },
        state.incoming,
      );
      noteTimer(message);
      return Promise.resolve(edited ? 'edited' : 'stored');
    },
    markSeen(from, seq) {
      markSeen(from, seq);
      return Promise.resolve();
    },
    receivedSequence(from): Promise<ReceivedSequence> {
      const seen = state.received.get(from);
      return Promise.resolve({
        upTo: seen?.upTo ?? 0,
        above: [...(seen?.above ?? [])].sort((a, b) => a - b),
      });
    },
    incoming: (id) => Promise.resolve(state.incoming.get(id) ?? null),
    deleteMessages(ids, sender) {
      // Who sent each text deleted (or deleted it before it came): their reactions to it go too.
      const senders = new Map<MessageId, PeerId>();
      for (const id of ids) {
        const held = state.incoming.get(id)?.message;
        if (held) {
          senders.set(id, held.from);
          state.incoming.delete(id);
          // Its edits hold its words: they go with it (their IDs stay known, so a resend is a duplicate).
          for (const edit of state.edits.get(id) ?? []) {
            state.incoming.delete(edit.id);
          }
          state.edits.delete(id);
          // A deleted edit no longer waits for its text (as in the file store, whose index holds what is held).
          const editOf = isEdit(held) ? held.meta?.editOf : undefined;
          if (editOf !== undefined) {
            state.edits.set(
              editOf,
              (state.edits.get(editOf) ?? []).filter((edit) => edit.id !== id),
            );
          }
          continue;
        }
        if (sender !== undefined && !state.knownIncoming.has(id) && !state.outgoing.has(id)) {
          state.overtaken.set(id, sender);
          senders.set(id, sender);
          // Its sender's edits that came before it go too: it never will come.
          const waiting = state.edits.get(id) ?? [];
          for (const edit of waiting.filter((edit) => edit.from === sender)) {
            state.incoming.delete(edit.id);
          }
          state.edits.set(
            id,
            waiting.filter((edit) => edit.from !== sender),
          );
        }
      }
      const held = [...state.incoming.values()].map((entry) => entry.message);
      for (const reaction of reactionsGoingWith(senders, held)) {
        state.incoming.delete(reaction);
      }
      return Promise.resolve();
    },
    disappearingTimer: (conversation) => Promise.resolve(state.timers.get(conversation)?.seconds ?? 0),
    contactState: (peer) => Promise.resolve(state.contacts.get(peer) ?? 'unknown'),
    setContactState(peer, contactState) {
      state.contacts.set(peer, contactState);
      return Promise.resolve();
    },
    snapshot: () => copyState(state),
    incomingMessages: () => [...state.incoming.values()],
    outgoingMessages: () => [...state.outgoing.values()],
  };
};
