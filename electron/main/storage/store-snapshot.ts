// The durable store's snapshot: the whole state (store-state.ts) written out as checked lines (store-records.ts),
// atomically, and read back into a fresh state on open.
import type { PeerId } from '../../../shared/identity/peer-id';
import { outgoingEntry } from '../../../shared/messaging/memory-message-store';
import { compareMessages, type Message, type MessageId } from '../../../shared/messaging/message-format';
import { encodeLine, readLines } from './journal-lines';
import {
  describeIssue,
  FORMAT_VERSION,
  MessageStoreCorruptError,
  type SnapshotLine,
  SnapshotLineSchema,
  TOMBSTONES_PER_LINE,
} from './store-records';
import {
  addIncoming,
  addOutgoing,
  addOvertaken,
  Inconsistent,
  knowsIncoming,
  setContact,
  type State,
} from './store-state';

const checkEditMark = (line: { readonly message: Message; readonly edited?: unknown }): void => {
  if (line.edited !== undefined && line.message.t !== 'text') {
    throw new Inconsistent(`an edit mark on a ${line.message.t} message`);
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
      checkEditMark(line);
      addOutgoing(state, outgoingEntry(line.message, line.status, line.failure, line.retriedAt, line.edited));
      return;
    case 'sent-up-to':
      if ((state.lastSeq.get(line.to) ?? 0) > line.seq) {
        throw new Inconsistent(`sequence numbers to ${line.to} given out beyond ${line.seq}`);
      }
      state.lastSeq.set(line.to, line.seq);
      return;
    case 'incoming': {
      checkEditMark(line);
      const { message, receivedAt, request, edited } = line;
      addIncoming(state, { message, receivedAt, request, ...(edited === undefined ? {} : { edited }) });
      return;
    }
    case 'tombstones':
      for (const id of line.ids) {
        if (knowsIncoming(state, id)) {
          throw new Inconsistent(`message ${id} both stored and deleted`);
        }
        state.tombstones.add(id);
      }
      return;
    case 'expired-outgoing':
      for (const id of line.ids) {
        if (state.outgoing.has(id) || state.expiredOutgoing.has(id)) {
          throw new Inconsistent(`message ${id} of ours both stored and expired`);
        }
        state.expiredOutgoing.add(id);
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
  // Insertion order is creation order, so each recipient's messages come lowest sequence first. An edited text is
  // written as it shows, with its `edited` mark, not as first written: the store keeps no original once edited, and
  // the edit that made it may be gone since (deleted, expired) while the text keeps showing it. Loading indexes the
  // edits held but re-applies none (only operations settle edits), so it reads back exactly what the store answered.
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
  const expiredOutgoing = [...state.expiredOutgoing];
  for (let at = 0; at < expiredOutgoing.length; at += TOMBSTONES_PER_LINE) {
    add({ type: 'expired-outgoing', ids: expiredOutgoing.slice(at, at + TOMBSTONES_PER_LINE) });
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
