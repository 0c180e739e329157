// The durable store's in-memory state: what an open store keeps, how each record (store-records.ts) changes it,
// live and on replay alike, and how a snapshot is written and read back.
import { type PeerId } from '../../../shared/identity/peer-id';
import { IN_OUTBOX, outgoingEntry, STATUS_TRANSITIONS } from '../../../shared/messaging/memory-message-store';
import { laterTimer, type TimerSetting } from '../../../shared/messaging/disappearing-timer';
import { markSequenceSeenInPlace } from '../../../shared/messaging/received-sequence';
import { compareMessages, type Message, type MessageId } from '../../../shared/messaging/message-format';
import type { ContactState, IncomingMessage, OutgoingMessage } from '../../../shared/messaging/message-store';
import { encodeLine, readLines } from './journal-lines';
import {
  describeIssue,
  FORMAT_VERSION,
  MessageStoreCorruptError,
  type Operation,
  type SnapshotLine,
  SnapshotLineSchema,
  TOMBSTONES_PER_LINE,
} from './store-records';

export * from './store-records';

export interface State {
  readonly outgoing: Map<MessageId, OutgoingMessage>;
  /** Outgoing messages pending or sent, by recipient. */
  readonly outboxes: Map<PeerId, Map<MessageId, Message>>;
  /** The last sequence number given to each recipient. */
  readonly lastSeq: Map<PeerId, number>;
  readonly incoming: Map<MessageId, IncomingMessage>;
  readonly tombstones: Set<MessageId>;
  /** IDs a sender deleted before they arrived, with that sender (isOvertaken). */
  readonly overtaken: Map<MessageId, PeerId>;
  readonly received: Map<PeerId, { upTo: number; above: Set<number> }>;
  readonly contacts: Map<PeerId, ContactState>;
  /** Each conversation's disappearing-messages timer, from its messages (rebuilt with them on open). */
  readonly timers: Map<string, TimerSetting>;
}

export const emptyState = (): State => ({
  outgoing: new Map(),
  outboxes: new Map(),
  lastSeq: new Map(),
  incoming: new Map(),
  tombstones: new Set(),
  overtaken: new Map(),
  received: new Map(),
  contacts: new Map(),
  timers: new Map(),
});

/** A record that does not fit the state it is applied to: damage, or a bug. */
export class Inconsistent extends Error {}

export const isSeen = (state: State, from: PeerId, seq: number): boolean => {
  const seen = state.received.get(from);
  return seq <= (seen?.upTo ?? 0) || (seen?.above.has(seq) ?? false);
};

export const knowsIncoming = (state: State, id: MessageId): boolean =>
  state.incoming.has(id) || state.tombstones.has(id);

export const putOutgoing = (state: State, entry: OutgoingMessage): void => {
  const { message } = entry;
  state.outgoing.set(message.id, entry);
  const outbox = state.outboxes.get(message.to) ?? new Map<MessageId, Message>();
  if (IN_OUTBOX.has(entry.status)) {
    outbox.set(message.id, message);
  } else {
    outbox.delete(message.id);
  }
  if (outbox.size > 0) {
    state.outboxes.set(message.to, outbox);
  } else {
    state.outboxes.delete(message.to);
  }
};

/** Forgets an outgoing message, out of the outbox too; its sequence number stays given out (lastSeq is kept). */
const removeOutgoing = (state: State, message: Message): void => {
  state.outgoing.delete(message.id);
  const outbox = state.outboxes.get(message.to);
  outbox?.delete(message.id);
  if (outbox?.size === 0) {
    state.outboxes.delete(message.to);
  }
};

export const addOutgoing = (state: State, entry: OutgoingMessage): void => {
  const { message } = entry;
  if (state.outgoing.has(message.id)) {
    throw new Inconsistent(`outgoing message ${message.id} stored twice`);
  }
  const expected = (state.lastSeq.get(message.to) ?? 0) + 1;
  if (message.seq !== expected) {
    throw new Inconsistent(`outgoing sequence number ${message.seq} where ${expected} was next`);
  }
  state.lastSeq.set(message.to, message.seq);
  putOutgoing(state, entry);
  noteTimer(state, message);
};

const noteTimer = (state: State, message: Message): void => {
  const setting = laterTimer(state.timers.get(message.conversation), message);
  if (setting) {
    state.timers.set(message.conversation, setting);
  }
};

export const addIncoming = (state: State, entry: IncomingMessage): void => {
  if (knowsIncoming(state, entry.message.id)) {
    throw new Inconsistent(`incoming message ${entry.message.id} stored twice`);
  }
  state.incoming.set(entry.message.id, entry);
  // Whoever deleted this ID before it came did not send it (isOvertaken): the ID is this message's now.
  state.overtaken.delete(entry.message.id);
  noteTimer(state, entry.message);
};

export const markSeen = (state: State, from: PeerId, seq: number): void => {
  const seen = state.received.get(from) ?? { upTo: 0, above: new Set<number>() };
  markSequenceSeenInPlace(seen, seq);
  state.received.set(from, seen);
};

export const setContact = (state: State, peer: PeerId, contactState: ContactState): void => {
  if (contactState === 'unknown') {
    state.contacts.delete(peer);
  } else {
    state.contacts.set(peer, contactState);
  }
};

const addOvertaken = (state: State, by: PeerId, ids: readonly MessageId[]): void => {
  for (const id of ids) {
    if (knowsIncoming(state, id) || state.outgoing.has(id) || state.overtaken.has(id)) {
      throw new Inconsistent(`message ${id} deleted before it arrived, but known already`);
    }
    state.overtaken.set(id, by);
  }
};

/** Applies one journal operation: both live, right after it is queued, and on replay. */
export const applyOperation = (state: State, op: Operation): void => {
  switch (op.type) {
    case 'created':
      addOutgoing(state, { message: op.message, status: 'pending' });
      return;
    case 'status':
      if (op.failure !== undefined && op.status !== 'failed') {
        throw new Inconsistent(`a failure reason with status ${op.status}`);
      }
      for (const id of op.ids) {
        const entry = state.outgoing.get(id);
        if (!entry || !STATUS_TRANSITIONS[entry.status].includes(op.status)) {
          throw new Inconsistent(
            `status ${op.status} for ${entry ? `a ${entry.status}` : 'an unknown'} message ${id}`,
          );
        }
        putOutgoing(state, outgoingEntry(entry.message, op.status, op.failure, entry.retriedAt));
      }
      return;
    case 'retried': {
      const entry = state.outgoing.get(op.id);
      if (entry?.status !== 'failed') {
        throw new Inconsistent(`retrying ${entry ? `a ${entry.status}` : 'an unknown'} message ${op.id}`);
      }
      putOutgoing(state, outgoingEntry(entry.message, 'pending', undefined, op.at));
      return;
    }
    case 'received':
      addIncoming(state, { message: op.message, receivedAt: op.receivedAt, request: op.request });
      markSeen(state, op.message.from, op.message.seq);
      return;
    case 'seen':
      markSeen(state, op.from, op.seq);
      return;
    case 'deleted':
      for (const id of op.ids) {
        if (!state.incoming.delete(id)) {
          throw new Inconsistent(`deleting message ${id}, which is not stored`);
        }
        state.tombstones.add(id);
      }
      return;
    case 'overtaken':
      addOvertaken(state, op.by, op.ids);
      return;
    case 'expired':
      for (const id of op.ids) {
        const outgoing = state.outgoing.get(id);
        if (outgoing) {
          removeOutgoing(state, outgoing.message);
        } else if (state.incoming.delete(id)) {
          state.tombstones.add(id);
        } else {
          throw new Inconsistent(`expiring message ${id}, which is not stored`);
        }
      }
      return;
    case 'contact':
      setContact(state, op.peer, op.state);
      return;
  }
};

export const applySnapshotLine = (state: State, line: SnapshotLine): void => {
  switch (line.type) {
    case 'outgoing':
      if (line.failure !== undefined && line.status !== 'failed') {
        throw new Inconsistent(`a failure reason on a ${line.status} message`);
      }
      // Numbers of messages that expired are missing: the next number given out comes from 'sent-up-to'.
      if ((state.lastSeq.get(line.message.to) ?? 0) >= line.message.seq) {
        throw new Inconsistent(`outgoing sequence number ${line.message.seq} out of order`);
      }
      state.lastSeq.set(line.message.to, line.message.seq - 1);
      addOutgoing(state, outgoingEntry(line.message, line.status, line.failure, line.retriedAt));
      return;
    case 'sent-up-to':
      if ((state.lastSeq.get(line.to) ?? 0) > line.seq) {
        throw new Inconsistent(`sequence numbers to ${line.to} given out beyond ${line.seq}`);
      }
      state.lastSeq.set(line.to, line.seq);
      return;
    case 'incoming':
      addIncoming(state, { message: line.message, receivedAt: line.receivedAt, request: line.request });
      return;
    case 'tombstones':
      for (const id of line.ids) {
        if (knowsIncoming(state, id)) {
          throw new Inconsistent(`message ${id} both stored and deleted`);
        }
        state.tombstones.add(id);
      }
      return;
    case 'overtaken':
      addOvertaken(state, line.by, line.ids);
      return;
    case 'sequence': {
      const above = new Set(line.above);
      const ordered = line.above.every(
        (seq, i) => seq > (i === 0 ? line.upTo + 1 : (line.above[i - 1] ?? 0)),
      );
      if (state.received.has(line.from) || !ordered) {
        throw new Inconsistent(`sequence numbers of ${line.from} repeated or out of order`);
      }
      state.received.set(line.from, { upTo: line.upTo, above });
      return;
    }
    case 'contact':
      if (state.contacts.has(line.peer)) {
        throw new Inconsistent(`contact ${line.peer} repeated`);
      }
      setContact(state, line.peer, line.state);
      return;
    case 'timer': {
      // The later in conversation order wins, as between timer messages (the snapshot's messages note theirs too).
      const current = state.timers.get(line.conversation);
      if (!current || compareMessages(current, line) < 0) {
        const { conversation, seconds, sentAt, from, seq, id } = line;
        state.timers.set(conversation, { conversation, seconds, sentAt, from, seq, id });
      }
      return;
    }
    case 'snapshot':
    case 'end':
      throw new Inconsistent(`a ${line.type} line in the middle`);
  }
};

export const encodeSnapshot = (state: State, generation: number): string => {
  const lines = [encodeLine(JSON.stringify({ type: 'snapshot', v: FORMAT_VERSION, generation }))];
  const add = (line: SnapshotLine): void => {
    lines.push(encodeLine(JSON.stringify(line)));
  };
  // Insertion order is creation order, so each recipient's messages come lowest sequence first.
  for (const entry of state.outgoing.values()) {
    add({ type: 'outgoing', ...entry });
  }
  for (const [to, seq] of state.lastSeq) {
    add({ type: 'sent-up-to', to, seq });
  }
  for (const entry of state.incoming.values()) {
    add({ type: 'incoming', ...entry });
  }
  const tombstones = [...state.tombstones];
  for (let at = 0; at < tombstones.length; at += TOMBSTONES_PER_LINE) {
    add({ type: 'tombstones', ids: tombstones.slice(at, at + TOMBSTONES_PER_LINE) });
  }
  const overtakenBy = new Map<PeerId, MessageId[]>();
  for (const [id, by] of state.overtaken) {
    overtakenBy.set(by, [...(overtakenBy.get(by) ?? []), id]);
  }
  for (const [by, ids] of overtakenBy) {
    for (let at = 0; at < ids.length; at += TOMBSTONES_PER_LINE) {
      add({ type: 'overtaken', by, ids: ids.slice(at, at + TOMBSTONES_PER_LINE) });
    }
  }
  for (const [from, seen] of state.received) {
    add({ type: 'sequence', from, upTo: seen.upTo, above: [...seen.above].sort((a, b) => a - b) });
  }
  for (const [peer, contactState] of state.contacts) {
    add({ type: 'contact', peer, state: contactState });
  }
  for (const setting of state.timers.values()) {
    add({ type: 'timer', ...setting });
  }
  lines.push(encodeLine(JSON.stringify({ type: 'end', records: lines.length - 1 })));
  return lines.join('');
};

/** Reads the snapshot into `state`; returns its generation. Written atomically, so any flaw is damage. */
export const loadSnapshot = (bytes: Buffer, state: State, file: string): number => {
  let generation = 0;
  let ended = false;
  for (const { number, last, decoded } of readLines(bytes)) {
    const index = number - 1;
    if (!decoded.ok) {
      throw new MessageStoreCorruptError(file, number, decoded.reason);
    }
    const parsed = SnapshotLineSchema.safeParse(decoded.value);
    if (!parsed.success) {
      throw new MessageStoreCorruptError(file, number, describeIssue(parsed.error));
    }
    const line = parsed.data;
    if (index === 0 || line.type === 'snapshot') {
      if (index !== 0 || line.type !== 'snapshot') {
        throw new MessageStoreCorruptError(
          file,
          number,
          'expected the snapshot header first, and only there',
        );
      }
      generation = line.generation;
    } else if (line.type === 'end') {
      if (!last || line.records !== index - 1) {
        throw new MessageStoreCorruptError(file, number, 'records missing before the end line');
      }
      ended = true;
    } else {
      try {
        applySnapshotLine(state, line);
      } catch (error) {
        throw error instanceof Inconsistent
          ? new MessageStoreCorruptError(file, number, error.message)
          : error;
      }
    }
  }
  if (!ended) {
    throw new MessageStoreCorruptError(file, null, 'it ends before its end line');
  }
  return generation;
};
