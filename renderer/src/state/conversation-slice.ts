// The open conversation's domain of the app store: a draft per conversation (kept while the user looks
// elsewhere, and in the archive across restarts: draft-keeper.ts), the message being replied to or edited,
// sending, reacting, deleting (for me, or for everyone), and the conversation's disappearing-messages timer. A reply's quote leaves memory with the message it quotes: at its
// expiry, or when it is deleted.
import type { PeerId } from '../../../shared/identity/peer-id';
import type { MessageId } from '../../../shared/messaging/message-format';
import { systemClock, type Clock } from '../../../shared/ports/clock';
import type { ArchiveDb } from '../archive/archive-db';
import type { QuotedMessage } from '../archive/conversation-window';
import { deleteForMe } from '../archive/local-deletion';
import type { ContactsSliceContext } from './contacts-slice';
import type { EditingMessage, FocusedMessage, MessageDialog } from './message-requests';

export type { EditingMessage, FocusedMessage, MessageDialog } from './message-requests';

export interface ConversationSlice {
  /** A message to show in its context (a search result), until the view has shown it. */
  readonly focusedMessage: FocusedMessage | null;
  /** What is typed in the search field; the sidebar shows results while it holds a query. */
  readonly searchText: string;
  readonly setSearchText: (text: string) => void;
  /** The find bar of the open conversation. */
  readonly findOpen: boolean;
  readonly setFindOpen: (open: boolean) => void;
  /**
   * Shows a message in its place (the view moves to it even if it showed it before); with `takeFocus`, focus
   * moves to it too (a quote chosen: the control chosen goes as the view moves).
   */
  readonly showMessage: (peer: PeerId, id: MessageId, options?: { readonly takeFocus?: boolean }) => void;
  readonly drafts: Readonly<Record<string, string>>;
  readonly replyingTo: Readonly<Record<string, QuotedMessage>>;
  readonly setDraft: (peerId: PeerId, text: string) => void;
  /**
   * Puts drafts kept from an earlier session back (draft-keeper.ts) where nothing is typed now: in the composer,
   * or, where a text is being edited, as the draft the edit put aside.
   */
  readonly restoreDrafts: (saved: Readonly<Record<string, string>>) => void;
  /**
   * Drops every draft, reply and edit being written: the archive they belong to has closed (another tab took
   * over, say), and its drafts are kept in it (draft-keeper.ts).
   */
  readonly forgetWriting: () => void;
  /** Starts a reply (ending an edit being written: its draft comes back first). */
  readonly startReply: (peerId: PeerId, quoted: QuotedMessage) => void;
  readonly cancelReply: (peerId: PeerId) => void;
  readonly editing: Readonly<Record<string, EditingMessage>>;
  /**
   * Puts a text of ours in the composer to be edited, ending a reply being written; the draft waits meanwhile
   * and comes back when the edit ends (saved or cancelled).
   */
  readonly startEdit: (peerId: PeerId, message: EditingMessage) => void;
  readonly cancelEdit: (peerId: PeerId) => void;
  /**
   * These messages are gone (deleted, purged, expired): a reply being written to one of them, or an edit of one,
   * no longer is.
   */
  readonly forgetQuoted: (ids: readonly string[]) => void;
  /**
   * Sends to the open conversation (as a reply, if one is being written), taking it out of the composer; false
   * if it could not be sent (the text and reply are given back) or one is being sent there already. While an
   * edit is open it saves the edit instead (an unchanged text just ends it); a refused edit stays open.
   */
  readonly sendText: (text: string) => Promise<boolean>;
  /**
   * The dialog open about one message (forwarding its text, or its details), held here rather than by the
   * message's row, which the list may unmount while the dialog is open.
   */
  readonly messageDialog: MessageDialog | null;
  readonly openMessageDialog: (dialog: MessageDialog | null) => void;
  /** Sends `text` to each of `peers` as a new text of ours; resolves to those it went to (errors show). */
  readonly forwardText: (peers: readonly PeerId[], text: string) => Promise<PeerId[]>;
  /** Our reaction to text `id` of the open conversation ('' takes it back), for both sides; false if refused. */
  readonly react: (id: MessageId, emoji: string) => Promise<boolean>;
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
  /** The timers a quoted disappearing message waits for its expiry on: the system's (at `now`) unless given. */
  readonly clock?: Clock;
  /** Tells the engine to stop sending what was deleted before it went out. */
  readonly withdraw: (ids: readonly MessageId[]) => void;
}

type SetConversation = (
  partial: Partial<ConversationSlice> | ((state: ConversationSlice) => Partial<ConversationSlice>),
) => void;

/**
 * Timers stop while the machine sleeps: a quote's expiry is looked at again at least this often, so one that
 * passed during a sleep is dropped soon after waking, not a whole wait later.
 */
const MAX_EXPIRY_WAIT_MS = 60_000;

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
  const clock = context.clock ?? { ...systemClock, now: context.now };
  // Per conversation: the timer its quote of a disappearing message waits on, and the reply being sent (given
  // back if sending fails, unless its message left meanwhile).
  const expiryTimers = new Map<string, unknown>();
  const replySent = new Map<string, QuotedMessage>();
  // Per conversation with an edit open: the draft it put aside, given back when the edit ends.
  let focusRequests = 0;
  const draftsAside = new Map<string, string>();
  // Moves on each time the archive closes (forgetWriting): a send begun before gives nothing back after.
  let writingGeneration = 0;

  const expired = (quoted: QuotedMessage): boolean =>
    quoted.expiresAt !== undefined && quoted.expiresAt <= clock.now();

  const stopWaiting = (peer: string): void => {
    if (expiryTimers.has(peer)) {
      clock.clearTimeout(expiryTimers.get(peer));
      expiryTimers.delete(peer);
    }
  };

  const dropReply = (peer: string): void => {
    stopWaiting(peer);
    set((state) => ({ replyingTo: without(state.replyingTo, peer) }));
  };

  const waitForExpiry = (peer: string, expiresAt: number): void => {
    const wait = Math.min(MAX_EXPIRY_WAIT_MS, Math.max(0, expiresAt - clock.now()));
    const handle = clock.setTimeout(() => {
      expiryTimers.delete(peer);
      if (expiresAt <= clock.now()) {
        dropReply(peer);
      } else {
        waitForExpiry(peer, expiresAt);
      }
    }, wait);
    expiryTimers.set(peer, handle);
  };

  /** Makes `quoted` the reply being written to `peer`, unless it has expired already. */
  const holdReply = (peer: PeerId, quoted: QuotedMessage): void => {
    if (expired(quoted)) {
      dropReply(peer);
      return;
    }
    stopWaiting(peer);
    set((state) => ({ replyingTo: { ...state.replyingTo, [peer]: quoted } }));
    if (quoted.expiresAt !== undefined) {
      waitForExpiry(peer, quoted.expiresAt);
    }
  };

  const withDraft = (drafts: Readonly<Record<string, string>>, peer: string, text: string) =>
    text ? { ...drafts, [peer]: text } : without(drafts, peer);

  const endEdit = (peer: string): void => {
    if (!get().editing[peer]) {
      return;
    }
    const draft = draftsAside.get(peer) ?? '';
    draftsAside.delete(peer);
    set((state) => ({ editing: without(state.editing, peer), drafts: withDraft(state.drafts, peer, draft) }));
  };

  const saveEdit = async (peer: PeerId, edit: EditingMessage, text: string): Promise<boolean> => {
    if (text === edit.text) {
      endEdit(peer);
      return true;
    }
    sending.add(peer);
    try {
      // The edit stays open while it is written, so a refused one (past the window, say) is still there to fix
      // or cancel; the error shows as a failed send's does.
      const saved = await context.act((messenger) => messenger.editText(peer, edit.id, text));
      // Not if the user cancelled it meanwhile, or began another; text changed meanwhile stays to be saved.
      if (saved && get().editing[peer] === edit) {
        if (get().drafts[peer] === text) {
          endEdit(peer);
        } else {
          set((state) => ({ editing: { ...state.editing, [peer]: { id: edit.id, text } } }));
        }
      }
      return saved;
    } finally {
      sending.delete(peer);
    }
  };

  return {
    focusedMessage: null,
    searchText: '',
    setSearchText: (text) => set({ searchText: text }),
    findOpen: false,
    setFindOpen: (open) => set({ findOpen: open }),
    showMessage(peer, id, options = {}) {
      context.openConversation(peer);
      focusRequests += 1;
      set({ focusedMessage: { peer, id, request: focusRequests, takeFocus: options.takeFocus === true } });
    },
    drafts: {},
    replyingTo: {},
    editing: {},

    setDraft(peerId, text) {
      set((state) => ({ drafts: withDraft(state.drafts, peerId, text) }));
    },

    restoreDrafts(saved) {
      const state = get();
      const missing = Object.entries(saved).filter(([peer, text]) => {
        if (text === '' || state.editing[peer]) {
          if (text !== '' && !draftsAside.get(peer)) {
            draftsAside.set(peer, text);
          }
          return false;
        }
        return !state.drafts[peer];
      });
      if (missing.length > 0) {
        set((current) => ({ drafts: { ...current.drafts, ...Object.fromEntries(missing) } }));
      }
    },

    forgetWriting() {
      writingGeneration += 1;
      expiryTimers.forEach((_, peer) => stopWaiting(peer));
      replySent.clear();
      draftsAside.clear();
      set({ drafts: {}, replyingTo: {}, editing: {}, messageDialog: null });
    },

    startReply(peerId, quoted) {
      endEdit(peerId);
      holdReply(peerId, quoted);
    },
    cancelReply: dropReply,

    startEdit(peerId, message) {
      dropReply(peerId);
      // Editing another message meanwhile keeps the draft put aside first, not the text edited.
      if (!get().editing[peerId]) {
        draftsAside.set(peerId, get().drafts[peerId] ?? '');
      }
      set((state) => ({
        editing: { ...state.editing, [peerId]: message },
        drafts: withDraft(state.drafts, peerId, message.text),
      }));
    },
    cancelEdit: endEdit,

    forgetQuoted(ids) {
      const gone = new Set(ids);
      for (const [peer, quoted] of replySent) {
        if (gone.has(quoted.id)) {
          replySent.delete(peer);
        }
      }
      for (const [peer, quoted] of Object.entries(get().replyingTo)) {
        if (gone.has(quoted.id)) {
          dropReply(peer);
        }
      }
      for (const [peer, edit] of Object.entries(get().editing)) {
        if (gone.has(edit.id)) {
          endEdit(peer);
        }
      }
    },

    async sendText(text) {
      const peerId = context.activePeerId();
      if (!peerId || sending.has(peerId)) {
        return false;
      }
      const edit = get().editing[peerId];
      if (edit) {
        return saveEdit(peerId, edit, text);
      }
      sending.add(peerId);
      const quoted = get().replyingTo[peerId];
      // A quote that expired before its timer ran (the machine slept, say) is no longer in the reply bar, and its
      // message is gone from both archives: the text goes out as a plain message, with no replyTo naming nothing.
      const reply = quoted && !expired(quoted) ? quoted : undefined;
      const fromDraft = get().drafts[peerId] === text;
      // The composer empties at once, so what is typed (or replied to) while the message is written is the next
      // message, kept whatever becomes of this one.
      stopWaiting(peerId);
      set((state) => ({
        drafts: fromDraft ? without(state.drafts, peerId) : state.drafts,
        replyingTo: without(state.replyingTo, peerId),
      }));
      if (reply) {
        replySent.set(peerId, reply);
      }
      const writing = writingGeneration;
      try {
        const sent = await context.act((messenger) =>
          messenger.sendText(peerId, text, reply ? { replyTo: reply.id } : undefined),
        );
        if (writing !== writingGeneration) {
          // The archive closed meanwhile (forgetWriting): what was being written belongs to it, not to the next.
          return sent;
        }
        if (!sent && get().editing[peerId]) {
          // An edit was begun meanwhile: the text waits with the draft it put aside, and so does no reply.
          const aside = draftsAside.get(peerId);
          if (fromDraft) {
            draftsAside.set(peerId, aside ? `${text}\n${aside}` : text);
          }
        } else if (!sent) {
          // Given back, in front of anything typed since, so no text is lost.
          set((state) => {
            const typed = state.drafts[peerId];
            return {
              drafts: fromDraft
                ? { ...state.drafts, [peerId]: typed ? `${text}\n${typed}` : text }
                : state.drafts,
            };
          });
          // Not if its message expired or was deleted while this was sent (nor if another reply was begun).
          const back = replySent.get(peerId);
          if (back && !get().replyingTo[peerId]) {
            holdReply(peerId, back);
          }
        }
        return sent;
      } finally {
        sending.delete(peerId);
        replySent.delete(peerId);
      }
    },

    messageDialog: null,
    openMessageDialog: (dialog) => set({ messageDialog: dialog }),

    async forwardText(peers, text) {
      const sent: PeerId[] = [];
      for (const peer of peers) {
        if (await context.act((messenger) => messenger.sendText(peer, text))) {
          sent.push(peer);
        }
      }
      return sent;
    },

    async react(id, emoji) {
      const peer = context.activePeerId();
      return peer ? context.act((messenger) => messenger.react(peer, id, emoji)) : false;
    },

    async deleteForMe(ids) {
      const archive = context.archive();
      if (archive) {
        // Its edits and reactions went with it: none still waiting may go out either.
        const dependents = await deleteForMe(archive, ids, context.now());
        context.withdraw([...ids, ...dependents]);
        get().forgetQuoted(ids);
      }
    },

    async deleteForEveryone(ids) {
      const peerId = context.activePeerId();
      const archive = context.archive();
      if (!peerId || !archive) {
        return;
      }
      if (await context.act((messenger) => messenger.deleteForEveryone(peerId, ids))) {
        // Its edits and reactions went with it: none still waiting may go out either.
        const dependents = await deleteForMe(archive, ids, context.now());
        context.withdraw([...ids, ...dependents]);
        get().forgetQuoted(ids);
      }
    },

    setDisappearingTimer: (peer, seconds) =>
      context.act((messenger) => messenger.setDisappearingTimer(peer, seconds)),
  };
};
