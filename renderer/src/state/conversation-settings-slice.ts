// What the conversation settings dialog changes, in the app store: pinning and muting the conversation, how long
// it keeps messages, clearing it, and deleting the contact with their history (both on this device only; the
// archive does the work in batches that leave the UI responsive). The rules: a blocked contact is never deleted, since forgetting the
// block would let them write again (their history can be cleared); a deleted contact's conversation closes.
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ArchiveDb } from '../archive/archive-db';
import { setConversationMute } from '../archive/conversation-mute';
import { MAX_PINNED, setConversationPinned } from '../archive/conversation-pins';
import { setConversationRetention } from '../archive/retention';
import { markUnread } from '../archive/unread-mark';
import type { MessagingSession } from '../p2p/start-messaging';

export interface ConversationSettingsSlice {
  /** Peers whose history is being removed right now, and how (the dialog shows it and waits). */
  readonly removingHistory: Readonly<Record<string, 'clearing' | 'deleting'>>;
  /** Days this conversation keeps messages: a number, null for forever, undefined for the default. */
  readonly setConversationRetention: (peer: PeerId, days: number | null | undefined) => Promise<void>;
  /** Mutes the conversation until `until` (MUTED_FOREVER: until unmuted), or unmutes it (null). */
  readonly setConversationMute: (peer: PeerId, until: number | null) => Promise<void>;
  /** Marks the conversation unread until it is opened again, and leaves it. */
  readonly markConversationUnread: (peer: PeerId) => Promise<void>;
  /** Pins the conversation to the top of the list, or unpins it; false (with an error) past MAX_PINNED. */
  readonly setConversationPinned: (peer: PeerId, pinned: boolean) => Promise<boolean>;
  /** Deletes every message of the conversation from this device; false if it could not be done. */
  readonly clearConversation: (peer: PeerId) => Promise<boolean>;
  /** Deletes the contact and their history, then leaves their conversation; false if refused or failed. */
  readonly deleteContact: (peer: PeerId) => Promise<boolean>;
}

export interface ConversationSettingsSliceContext {
  readonly archive: () => ArchiveDb | null;
  readonly session: () => MessagingSession | null;
  /**
   * Drops what the UI holds about the conversation (the reply or edit being written; with `close`, draft and
   * view).
   */
  readonly forgetConversation: (peer: PeerId, close: boolean) => void;
  /** Shows no conversation if `peer`'s was open; what is being written there stays. */
  readonly leaveConversation: (peer: PeerId) => void;
  readonly showError: (message: string) => void;
}

type SetSlice = (partial: (state: ConversationSettingsSlice) => Partial<ConversationSettingsSlice>) => void;

const without = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> => {
  const { [key]: _removed, ...rest } = record;
  return rest;
};

export const createConversationSettingsSlice = (
  set: SetSlice,
  get: () => ConversationSettingsSlice,
  context: ConversationSettingsSliceContext,
): ConversationSettingsSlice => {
  /** Runs one removal at a time per peer, marked while it runs; false if one is running or it failed. */
  const removing = async (
    peer: PeerId,
    how: 'clearing' | 'deleting',
    run: (session: MessagingSession) => Promise<boolean>,
  ): Promise<boolean> => {
    const session = context.session();
    if (!session) {
      context.showError('Not online yet.');
      return false;
    }
    if (get().removingHistory[peer]) {
      return false;
    }
    set((state) => ({ removingHistory: { ...state.removingHistory, [peer]: how } }));
    try {
      return await run(session);
    } catch (error) {
      context.showError(`The messages could not be deleted: ${String(error)}`);
      return false;
    } finally {
      set((state) => ({ removingHistory: without(state.removingHistory, peer) }));
    }
  };

  return {
    removingHistory: {},

    async setConversationRetention(peer, days) {
      const archive = context.archive();
      if (archive) {
        await setConversationRetention(archive, peer, days);
      }
    },

    async setConversationMute(peer, until) {
      const archive = context.archive();
      if (archive) {
        await setConversationMute(archive, peer, until).catch((error: unknown) =>
          context.showError(`The conversation could not be muted: ${String(error)}`),
        );
      }
    },

    async markConversationUnread(peer) {
      const archive = context.archive();
      if (archive) {
        try {
          await markUnread(archive, peer);
          context.leaveConversation(peer);
        } catch (error) {
          context.showError(`The conversation could not be marked unread: ${String(error)}`);
        }
      }
    },

    async setConversationPinned(peer, pinned) {
      const archive = context.archive();
      if (!archive) {
        return false;
      }
      const done = await setConversationPinned(archive, peer, pinned ? Date.now() : null).catch(
        (error: unknown) => {
          context.showError(`The conversation could not be pinned: ${String(error)}`);
          return null;
        },
      );
      if (done !== false) {
        return done === true;
      }
      context.showError(`At most ${String(MAX_PINNED)} conversations can be pinned: unpin one first.`);
      return false;
    },

    clearConversation: (peer) =>
      removing(peer, 'clearing', async (session) => {
        await session.clearConversation(peer);
        context.forgetConversation(peer, false);
        return true;
      }),

    deleteContact: (peer) =>
      removing(peer, 'deleting', async (session) => {
        const deleted = await session.deleteContact(peer);
        if (!deleted.ok) {
          context.showError(deleted.error.message);
          return false;
        }
        context.forgetConversation(peer, true);
        return true;
      }),
  };
};
