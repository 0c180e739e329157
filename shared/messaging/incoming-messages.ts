// What an arriving message may do, decided in one place: it must come from the session's peer and be addressed
// to us in their conversation, from an accepted contact (only contact requests may come from strangers, a
// profile also from someone whose request we hold, and nothing from the blocked); an expired one is acknowledged
// and dropped; a new one is stored, then acknowledged, then has its effect (a read receipt, a delete for
// everyone, a contact request or acceptance, a new name; a timer change takes effect in the store itself).
import type { ErrorCode } from '../errors';
import type { PeerId } from '../identity/peer-id';
import type { EngineEvent } from './delivery-engine';
import { directConversationId, type Frame, type Message, type MessageId } from './message-format';
import type { ContactState, DeliveryStatus, MessageStore } from './message-store';

export interface IncomingMessagesDeps {
  readonly localPeerId: PeerId;
  readonly store: MessageStore;
  readonly now: () => number;
  readonly onEvent: (event: EngineEvent) => void;
  /** Acknowledges a message (batched by the engine). */
  readonly queueAck: (peer: PeerId, id: MessageId) => void;
  readonly writeFrame: (peer: PeerId, frame: Frame) => Promise<boolean>;
  readonly emitStatus: (ids: readonly MessageId[], status: DeliveryStatus, failure?: string) => void;
  /** Sends a contact-accept to an accepted contact who asked again. */
  readonly reaccept: (peer: PeerId) => Promise<void>;
}

export const createIncomingMessages = (deps: IncomingMessagesDeps) => {
  const { store } = deps;
  // Contact requests and acceptances being handled, per peer. Frames are handled as they arrive, not one after
  // another: a text sent the moment its sender accepted arrives right behind the acceptance, and would be judged
  // (and refused) before the acceptance is stored. A message waits for these before its sender is judged.
  const trustChanges = new Map<PeerId, Promise<unknown>>();

  /** How far ahead of our clock a message may be dated: clocks drift, but not by days. */
  const MAX_SENT_AHEAD_MS = 24 * 60 * 60 * 1000;

  const changesTrust = (message: Message): boolean =>
    message.t === 'contact-request' || message.t === 'contact-accept';

  const refuse = async (
    peer: PeerId,
    message: Message,
    code: Extract<ErrorCode, 'MESSAGE_NOT_A_CONTACT' | 'MESSAGE_WRONG_PARTY' | 'MESSAGE_INVALID'>,
    reason: string,
  ) => {
    deps.onEvent({ type: 'refused', peer, code, reason });
    await deps.writeFrame(peer, { v: 1, k: 'reject', ids: [message.id], code, reason });
  };

  /** Handles a message from `peer`, whom the session authenticated. */
  const receive = (peer: PeerId, message: Message): Promise<void> => {
    const handling = receiveMessage(peer, message);
    if (changesTrust(message)) {
      // Registered before anything is awaited, so a message right behind it finds it.
      const settled = handling.catch(() => undefined);
      trustChanges.set(peer, settled);
      void settled.then(() => {
        if (trustChanges.get(peer) === settled) {
          trustChanges.delete(peer);
        }
      });
    }
    return handling;
  };

  /** The sender's standing, once any request or acceptance of theirs ahead of `message` has taken effect. */
  const standingOf = async (peer: PeerId, message: Message): Promise<ContactState> => {
    const pending = changesTrust(message) ? undefined : trustChanges.get(peer);
    if (pending) {
      await pending;
    }
    return store.contactState(peer);
  };

  const receiveMessage = async (peer: PeerId, message: Message): Promise<void> => {
    // The session authenticated `peer`: a message claiming another sender, or not for us, is refused.
    if (message.from !== peer || message.to !== deps.localPeerId) {
      await store.markSeen(peer, message.seq);
      await refuse(peer, message, 'MESSAGE_WRONG_PARTY', 'sender or recipient does not match the session');
      return;
    }
    if (message.conversation !== directConversationId(message.from, message.to)) {
      await store.markSeen(peer, message.seq);
      await refuse(peer, message, 'MESSAGE_INVALID', 'conversation does not belong to this pair');
      return;
    }
    const now = deps.now();
    if (message.sentAt > now + MAX_SENT_AHEAD_MS) {
      // Stored, it would sort after everything to come for good (and a timer change would win over all later ones).
      await store.markSeen(peer, message.seq);
      await refuse(peer, message, 'MESSAGE_INVALID', 'sent more than a day in the future: check the clock');
      return;
    }
    const contact = await standingOf(peer, message);
    const isRequest = changesTrust(message);
    // A new name is what a repeated request would say: whoever's request we hold may rename it.
    const renamesRequest = message.t === 'profile' && contact === 'requested-by-them';
    // A stranger may only ask; an acceptance answers a request of ours.
    const strangerAccepts = message.t === 'contact-accept' && contact === 'unknown';
    if (
      (!isRequest && !renamesRequest && contact !== 'accepted') ||
      (isRequest && contact === 'blocked') ||
      strangerAccepts
    ) {
      await store.markSeen(peer, message.seq);
      await refuse(peer, message, 'MESSAGE_NOT_A_CONTACT', 'not a contact');
      return;
    }
    if (message.meta?.expiresAt !== undefined && message.meta.expiresAt < now) {
      // Expired on the way: acknowledge (so it is not resent) but never store it.
      await store.markSeen(peer, message.seq);
      deps.queueAck(peer, message.id);
      return;
    }
    const request = contact !== 'accepted';
    const outcome = await store.receive(message, now, request);
    // Acked only now that it is stored; a duplicate is acked again (the first ack may have been lost).
    deps.queueAck(peer, message.id);
    if (outcome === 'duplicate') {
      await reapplyEffects(peer, message, contact);
      return;
    }
    await applyEffects(peer, message, contact);
    if (message.t !== 'read' && message.t !== 'delete' && message.t !== 'profile') {
      // Receipts, deletions and names act on other things; they are not messages the user reads. A text that
      // its edit overtook is announced as stored, with the edited words (a notification must not show the old);
      // if it is gone already (deleted for everyone meanwhile, say), it is not announced at all.
      const incoming =
        outcome === 'edited' ? await store.incoming(message.id) : { message, receivedAt: now, request };
      if (incoming) {
        deps.onEvent({ type: 'received', incoming });
      }
    }
  };

  /**
   * A copy of a message stored before: its effect may not have taken (the app stopped between storing it and
   * applying it, or that write failed), and the first copy was acknowledged, so this is the only chance. The
   * effects that are idempotent are applied again: receipts, deletions, and an acceptance (or a request that
   * crossed ours) that has not made them a contact yet. Not a request from a stranger: the user may have
   * ignored it, or deleted the contact, since; their state is 'unknown' either way. Nothing is announced as
   * received again.
   */
  const reapplyEffects = async (peer: PeerId, message: Message, contact: ContactState): Promise<void> => {
    const pending =
      message.t === 'read' ||
      message.t === 'delete' ||
      (message.t === 'contact-accept' && contact === 'requested-by-me') ||
      (message.t === 'contact-request' && contact === 'requested-by-me');
    if (pending) {
      await applyEffects(peer, message, contact, true);
    }
  };

  /** What a newly stored message does beyond being stored. */
  const applyEffects = async (
    peer: PeerId,
    message: Message,
    contact: ContactState,
    again = false,
  ): Promise<void> => {
    switch (message.t) {
      case 'read': {
        const mine: MessageId[] = [];
        for (const id of message.body.ids) {
          if ((await store.outgoing(id))?.message.to === peer) {
            mine.push(id);
          }
        }
        deps.emitStatus(await store.setStatus(mine, 'read'), 'read');
        return;
      }
      case 'delete': {
        const theirs: MessageId[] = [];
        // Named but not here: the deletion may have overtaken their texts. The store holds these against a text
        // from them arriving later (MessageStore.deleteMessages), and against nothing else.
        const notHere: MessageId[] = [];
        for (const id of message.body.ids) {
          // Only their own texts: a timer change stays in both histories, like the setting it made.
          const target = (await store.incoming(id))?.message;
          if (target?.from === peer && target.t === 'text') {
            theirs.push(id);
          } else if (!target) {
            notHere.push(id);
          }
        }
        await store.deleteMessages([...theirs, ...notHere], peer);
        if (theirs.length > 0 || !again) {
          deps.onEvent({ type: 'deleted', ids: theirs, by: peer });
        }
        return;
      }
      case 'contact-request':
        if (contact === 'unknown') {
          await store.setContactState(peer, 'requested-by-them');
          deps.onEvent({ type: 'contact', peer, state: 'requested-by-them' });
        } else if (contact === 'requested-by-me') {
          // Both asked: that is mutual consent.
          await store.setContactState(peer, 'accepted');
          deps.onEvent({ type: 'contact', peer, state: 'accepted' });
        } else if (contact === 'accepted') {
          // They lost our acceptance (they unblocked us, or restored an older archive): confirm it again.
          await deps.reaccept(peer);
        }
        break;
      case 'contact-accept':
        if (contact === 'requested-by-me') {
          await store.setContactState(peer, 'accepted');
          deps.onEvent({ type: 'contact', peer, state: 'accepted' });
        }
        break;
      case 'profile':
        // A store that keeps names (the archive) keeps the one of the latest profile or request in conversation
        // order, in the transaction that stored the message.
        deps.onEvent({ type: 'profile', peer, displayName: message.body.displayName });
        break;
      case 'text':
      case 'timer':
      case 'edit':
      case 'reaction':
        // An edit's effect is the store's, in the step that stored it (message-edits.ts); a reaction's is what
        // views make of the reactions stored (message-reactions.ts).
        break;
    }
  };

  return { receive };
};
