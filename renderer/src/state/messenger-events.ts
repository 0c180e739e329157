// What the app's state does with the messenger's events: signaling and connection state, typing, errors, replies
// to messages deleted for everyone, and a system notification for a text that arrives while the user is not
// looking at its conversation (and has not muted it), for a reaction to a text of ours, for a contact request,
// and for a request accepted.
import type { StoreApi } from 'zustand/vanilla';
import type { HostApi } from '../../../shared/host/host-contract';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { Message } from '../../../shared/messaging/message-format';
import {
  isReaction,
  latestReactions,
  type ReactionMessage,
} from '../../../shared/messaging/message-reactions';
import type { MessengerEvent } from '../../../shared/messaging/messenger';
import type { ArchiveDb } from '../archive/archive-db';
import { isMuted } from '../archive/conversation-mute';
import { claimRequestNotice } from '../archive/request-notice';
import { plainText } from '../text/text-format';
import { describeStorageFailure } from '../archive/storage-status';
import type { AppState } from './app-state';

export const createMessengerEventHandler = (deps: {
  readonly set: StoreApi<AppState>['setState'];
  readonly get: StoreApi<AppState>['getState'];
  readonly host: HostApi;
  /** The running session's archive, for the sender's name. */
  readonly archive: () => ArchiveDb | null;
}): ((event: MessengerEvent) => void) => {
  const { set, get } = deps;
  const onEvent = (event: MessengerEvent): void => {
    switch (event.type) {
      case 'signaling':
        if (event.event.type === 'state') {
          const state = event.event.state;
          set((current) => ({
            signaling: state,
            signalingWasReady: current.signalingWasReady || state.status === 'ready',
          }));
        } else if (event.event.type === 'error') {
          set({ error: `${event.event.code}: ${event.event.message}` });
        }
        return;
      case 'connection':
        set((state) => ({ connections: { ...state.connections, [event.peer]: event.state } }));
        return;
      case 'typing':
        // Not shown to a user who does not show theirs; an end of typing is always taken, so none stays shown.
        if (!event.active || get().settings?.typingIndicators !== false) {
          set((state) => ({ typing: { ...state.typing, [event.peer]: event.active } }));
        }
        return;
      case 'received': {
        const { message } = event.incoming;
        // A message ends the sender's typing.
        set((state) => ({ typing: { ...state.typing, [message.from]: false } }));
        // A notification that cannot be shown changes nothing else.
        if (message.t === 'text' && !isReading(message.from)) {
          notify(message.from, plainText(message.body.text), message.meta?.expiresAt).catch(() => undefined);
        } else if (isReaction(message) && message.body.emoji !== '' && !isReading(message.from)) {
          notifyReaction(message).catch(() => undefined);
        } else if (
          (message.t === 'contact-request' || message.t === 'contact-accept') &&
          !isReading(message.from)
        ) {
          notifyContact(message, event.incoming.request).catch(() => undefined);
        }
        return;
      }
      case 'failure':
        set({ error: describeStorageFailure(event.reason) });
        return;
      case 'deleted':
        // Deleted by its sender for everyone: a reply being written to it no longer holds its text.
        get().forgetQuoted(event.ids);
        return;
      case 'refused':
      case 'contact':
      case 'status':
      case 'profile':
        // The archive holds the outcome; live queries show it.
        return;
    }
  };

  /**
   * A request (or acceptance) notified by what it made of the sender: asking, or a contact now. `request`: the
   * sender was not a contact before it (IncomingMessage.request), so an existing contact confirming is no news.
   */
  const notifyContact = async (message: Message, request: boolean): Promise<void> => {
    const archive = deps.archive();
    const state = (await archive?.contacts.get(message.from))?.state;
    if (state === 'requested-by-them' && message.t === 'contact-request') {
      // Asked again (a new message each time), before the user answered: no news, even after a restart.
      if (!archive || !(await claimRequestNotice(archive, message.from))) {
        return;
      }
      // The name is theirs to claim (a stranger may use a contact's): quoted, under a title of our own.
      const note = message.body.note ? `: ${message.body.note}` : '.';
      await notify(message.from, `“${message.body.displayName}” asks to be your contact${note}`, undefined, {
        title: 'Contact request',
      });
    } else if (state === 'accepted' && request) {
      // Their acceptance of our request, or their request crossing ours: a contact from now on.
      await notify(message.from, 'is now your contact.', undefined);
    }
  };

  /**
   * A reaction to a text of ours, quoting it, if it is what the sender's reaction is now: one overtaken by a later
   * change of theirs (resent, or arriving late) is no news.
   */
  const notifyReaction = async (reaction: ReactionMessage): Promise<void> => {
    const archive = deps.archive();
    const target = await archive?.messages.get(reaction.body.of);
    if (!archive || target?.direction !== 'out' || target.message.t !== 'text') {
      return;
    }
    const theirs = await archive.messages
      .where('reactionOf')
      .equals(target.id)
      .filter((record) => record.from === reaction.from)
      .toArray();
    const stored = theirs.flatMap((record) => (isReaction(record.message) ? [record.message] : []));
    if (latestReactions(target.message, stored).get(reaction.from)?.id !== reaction.id) {
      return;
    }
    const quoted = plainText(target.message.body.text);
    const shown = quoted.length > 80 ? `${quoted.slice(0, 79)}…` : quoted;
    await notify(reaction.from, `Reacted ${reaction.body.emoji} to “${shown}”`, target.expiresAt);
  };

  /** Whether the user is looking at this conversation right now (then no notification). */
  const isReading = (peer: PeerId): boolean =>
    typeof document !== 'undefined' &&
    document.visibilityState === 'visible' &&
    get().view === 'chats' &&
    get().activePeerId === peer;

  /**
   * A system notification for a new message, unless its conversation is muted; the host shows it only if
   * notifications are on.
   */
  const notify = async (
    peer: PeerId,
    text: string,
    expiresAt: number | undefined,
    options: { readonly title?: string } = {},
  ): Promise<void> => {
    const contact = await deps.archive()?.contacts.get(peer);
    if (isMuted(contact?.mutedUntil, Date.now())) {
      return;
    }
    await deps.host.showNotification({
      peerId: peer,
      title: options.title ?? contact?.displayName ?? 'New message',
      body: text.length > 200 ? `${text.slice(0, 199)}…` : text,
      ...(expiresAt === undefined ? {} : { expiresAt }),
    });
  };

  return onEvent;
};
