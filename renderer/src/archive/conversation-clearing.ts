// Removing history from this device only: clearing a conversation (every message deleted for me: each leaves a
// tombstone so a retransmission or an import never brings it back, and outgoing ones leave the outbox), and
// deleting a contact (their history cleared, their unsent messages dropped, the relationship forgotten, so a new
// request is needed to talk again). Batches go through the message store's own queue, so its caches (the
// conversation summary above all) are read again after each, and pause between them, so the UI never stalls.
import { Dexie } from 'dexie';
import type { PeerId } from '../../../shared/identity/peer-id';
import { directConversationId, type MessageId } from '../../../shared/messaging/message-format';
import type { ContactState } from '../../../shared/messaging/message-store';
import { fail, ok, type Result } from '../../../shared/result';
import type { ArchiveDb } from './archive-db';
import type { DexieMessageStore } from './dexie-message-store';
import { leaveOutbox } from './outbox-index';
import { deleteForMe } from './local-deletion';
import { drain } from './retention';

export interface ClearingDeps {
  readonly db: ArchiveDb;
  readonly store: Pick<DexieMessageStore, 'exclusive'>;
  readonly me: PeerId;
  readonly now: () => number;
  readonly batch?: number;
  /** Lets the UI breathe between batches (a macrotask in the app; nothing in tests). */
  readonly pause?: () => Promise<void>;
  /** Tells the engine to stop sending what was deleted before it went out (DeliveryEngine.withdraw). */
  readonly withdraw: (ids: readonly MessageId[]) => void;
}

export interface DeleteContactDeps extends ClearingDeps {
  /** The engine's trust decision (DeliveryEngine.decide with 'forget'), so its caches and events follow. */
  readonly forget: (peer: PeerId) => Promise<Result<ContactState>>;
}

const BATCH = 500;

/** Deletes every message of the conversation with `peer` from this archive; resolves to how many went. */
export const clearConversation = async (deps: ClearingDeps, peer: PeerId): Promise<number> => {
  const { db, store } = deps;
  const conversation = directConversationId(deps.me, peer);
  const now = deps.now();
  const inConversation = () =>
    db.messages
      .where('[conversation+sentAt+from+seq+id]')
      .between([conversation, Dexie.minKey], [conversation, Dexie.maxKey]);
  const removed = await drain(
    () =>
      inConversation()
        .limit(deps.batch ?? BATCH)
        .primaryKeys(),
    db,
    deps.pause ? { now, pause: deps.pause } : { now },
    (ids) =>
      store.exclusive(async () => {
        // The edits of these texts go with them, wherever in the conversation they are, and are withdrawn too.
        const edits = await deleteForMe(db, ids, now);
        deps.withdraw([...ids, ...edits]);
        // The summary leaves with the message it shows, in the same transaction: the list never previews a
        // deleted message.
        const summary = await db.conversations.get(conversation);
        if (summary && ids.includes(summary.lastMessageId)) {
          await db.conversations.delete(conversation);
        }
      }),
  );
  // A summary whose message had gone before (deleted for me, or by retention) goes once nothing is left.
  await store.exclusive(async () => {
    if ((await inConversation().count()) === 0) {
      await db.conversations.delete(conversation);
    }
  });
  return removed;
};

/**
 * Deletes a contact and their history. A blocked contact is refused (the block must stay, or they could write
 * again): only their history can be cleared. Sequence bookkeeping stays on purpose: our counter towards them
 * and what we received from them. If our numbers restarted at 1, their side (which remembers every number it
 * saw) would take our new messages as already seen and never ask for one lost on the way; if we forgot theirs,
 * each of their next messages would look like the end of a gap we report in every ack. Numbers carry on, as
 * after an import.
 */
export const deleteContact = async (deps: DeleteContactDeps, peer: PeerId): Promise<Result<number>> => {
  const { db, store } = deps;
  if ((await db.contacts.get(peer))?.state === 'blocked') {
    return fail(
      'MESSAGE_NOT_A_CONTACT',
      'a blocked contact stays blocked; only their history can be cleared',
    );
  }
  // The stored outbox empties first, then the engine forgets them and empties its window: nothing can be
  // loaded into it again, so nothing unsent goes out (the messages themselves leave with the history).
  await store.exclusive(() => leaveOutbox(db, peer));
  const forgotten = await deps.forget(peer);
  if (!forgotten.ok) {
    return forgotten;
  }
  const removed = await clearConversation(deps, peer);
  await store.exclusive(async () => {
    const contact = await db.contacts.get(peer);
    if (contact?.state === 'unknown') {
      // Name, verification and retention go with the relationship. The bare record stays as a marker: importing
      // an export made before (which lists them as a contact) adds only contacts it does not find here.
      await db.contacts.put({ peer, state: 'unknown' });
    } else if (contact) {
      // A new request arrived while the history was going: it stands, with the name it came with.
      await db.contacts.put({
        peer,
        state: contact.state,
        ...(contact.displayName === undefined ? {} : { displayName: contact.displayName }),
        ...(contact.displayNameAt === undefined ? {} : { displayNameAt: contact.displayNameAt }),
        // Notified already, it is no news when they send it again.
        ...(contact.requestNotified === undefined ? {} : { requestNotified: contact.requestNotified }),
      });
    }
  });
  return ok(removed);
};
