// The open conversation's domain of the app store: a draft per conversation (kept while the user looks
// elsewhere), the message being replied to, sending, deleting (for me, or for everyone), and the conversation's
// disappearing-messages timer.
import type { PeerId } from '../../../shared/identity/peer-id';
import type { MessageId } from '../../../shared/messaging/message-format';
import type { ArchiveDb } from '../archive/archive-db';
import type { QuotedMessage } from '../archive/conversation-window';
import { deleteForMe } from '../archive/local-deletion';
import type { ContactsSliceContext } from './contacts-slice';

export interface ConversationSlice {
  /** A message to show in its context (a search result), until the view has shown it. */
  readonly focusedMessage: { readonly peer: PeerId; readonly id: MessageId } | null;
  /** What is typed in the search field; the sidebar shows results while it holds a query. */
  readonly searchText: string;
  readonly setSearchText: (text: string) => void;
  /** The find bar of the open conversation. */
  readonly findOpen: boolean;
  readonly setFindOpen: (open: boolean) => void;
  readonly showMessage: (peer: PeerId, id: MessageId) => void;
  readonly drafts: Readonly<Record<string, string>>;
  readonly replyingTo: Readonly<Record<string, QuotedMessage>>;
  readonly setDraft: (peerId: PeerId, text: string) => void;
  readonly startReply: (peerId: PeerId, quoted: QuotedMessage) => void;
  readonly cancelReply: (peerId: PeerId) => void;
  /**
   * Sends to the open conversation (as a reply, if one is being written), taking it out of the composer; false
   * if it could not be sent (the text and reply are given back) or one is being sent there already.
   */
  readonly sendText: (text: string) => Promise<boolean>;
  readonly deleteForMe: (ids: readonly MessageId[]) => Promise<void>;
  /** Deletes our own messages here and asks the open conversation's contact to delete theirs. */
  readonly deleteForEveryone: (ids: readonly MessageId[]) => Promise<void>;
  /** Sets the disappearing-messages timer with `peer` (0: off), for both sides; false if it could not be sent. */
  readonly setDisappearingTimer: (peer: PeerId, seconds: number) => Promise<boolean>;
}

export interface ConversationSliceContext {
  readonly activePeerId: () => PeerId | null;
  readonly openConversation: (peer: PeerId) => void;
  readonly archive: () => ArchiveDb | null;
  readonly act: ContactsSliceContext['act'];
  readonly now: () => number;
  /** Tells the engine to stop sending what was deleted before it went out. */
  readonly withdraw: (ids: readonly MessageId[]) => void;
}

type SetConversation = (
  partial: Partial<ConversationSlice> | ((state: ConversationSlice) => Partial<ConversationSlice>),
) => void;

const without = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> => {
  const { [key]: _removed, ...rest } = record;
  return rest;
};

export const createConversationSlice = (
  set: SetConversation,
  get: () => ConversationSlice,
  context: ConversationSliceContext,
): ConversationSlice => {
  // Conversations with a message being written: Enter pressed again meanwhile sends nothing more.
  const sending = new Set<PeerId>();
  return {
    focusedMessage: null,
    searchText: '',
    setSearchText: (text) => set({ searchText: text }),
    findOpen: false,
    setFindOpen: (open) => set({ findOpen: open }),
    showMessage(peer, id) {
      context.openConversation(peer);
      set({ focusedMessage: { peer, id } });
    },
    drafts: {},
    replyingTo: {},

    setDraft(peerId, text) {
      set((state) => ({
        drafts: text ? { ...state.drafts, [peerId]: text } : without(state.drafts, peerId),
      }));
    },

    startReply(peerId, quoted) {
      set((state) => ({ replyingTo: { ...state.replyingTo, [peerId]: quoted } }));
    },

    cancelReply(peerId) {
      set((state) => ({ replyingTo: without(state.replyingTo, peerId) }));
    },

    async sendText(text) {
      const peerId = context.activePeerId();
      if (!peerId || sending.has(peerId)) {
        return false;
      }
      sending.add(peerId);
      const reply = get().replyingTo[peerId];
      const fromDraft = get().drafts[peerId] === text;
      // The composer empties at once, so what is typed (or replied to) while the message is written is the next
      // message, kept whatever becomes of this one.
      set((state) => ({
        drafts: fromDraft ? without(state.drafts, peerId) : state.drafts,
        replyingTo: without(state.replyingTo, peerId),
      }));
      try {
        const sent = await context.act((messenger) =>
          messenger.sendText(peerId, text, reply ? { replyTo: reply.id } : undefined),
        );
        if (!sent) {
          // Given back, in front of anything typed since, so no text is lost.
          set((state) => {
            const typed = state.drafts[peerId];
            return {
              drafts: fromDraft
                ? { ...state.drafts, [peerId]: typed ? `${text}\n${typed}` : text }
                : state.drafts,
              replyingTo:
                reply && !state.replyingTo[peerId]
                  ? { ...state.replyingTo, [peerId]: reply }
                  : state.replyingTo,
            };
          });
        }
        return sent;
      } finally {
        sending.delete(peerId);
      }
    },

    async deleteForMe(ids) {
      const archive = context.archive();
      if (archive) {
        await deleteForMe(archive, ids, context.now());
        context.withdraw(ids);
      }
    },

    async deleteForEveryone(ids) {
      const peerId = context.activePeerId();
      const archive = context.archive();
      if (!peerId || !archive) {
        return;
      }
      if (await context.act((messenger) => messenger.deleteForEveryone(peerId, ids))) {
        await deleteForMe(archive, ids, context.now());
        context.withdraw(ids);
      }
    },

    setDisappearingTimer: (peer, seconds) =>
      context.act((messenger) => messenger.setDisappearingTimer(peer, seconds)),
  };
};
