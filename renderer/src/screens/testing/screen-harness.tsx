// Screens rendered in Chromium on a real app store: the host's real services in memory (shared/testing), and a
// messenger on the Dexie store over a scratch archive that the test fills as if messages had arrived. The
// signaling server is never reached, so nothing is dialed. Everything is stopped and deleted after each test.
import { act, StrictMode, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { v7 as uuidv7 } from 'uuid';
import { afterEach } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import { deriveHostApi } from '../../../../shared/host/host-api';
import { createHostDispatcher } from '../../../../shared/host/host-dispatcher';
import { createHostServices } from '../../../../shared/host/host-services';
import type { IdentityCryptoPort } from '../../../../shared/identity/identity-crypto-port';
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { ContactState, DeliveryStatus } from '../../../../shared/messaging/message-store';
import type { MessengerEvent } from '../../../../shared/messaging/messenger';
import {
  directConversationId,
  type Message,
  type MessageId,
} from '../../../../shared/messaging/message-format';
import type { Clock } from '../../../../shared/ports/clock';
import { fail } from '../../../../shared/result';
import { createMemoryHostPorts } from '../../../../shared/testing/memory-host';
import type { ArchiveDb } from '../../archive/archive-db';
import { openDexieMessageStore, type DexieMessageStore } from '../../archive/dexie-message-store';
import { scratchDatabases } from '../../archive/testing/scratch-databases';
import { createAppStore, type AppState } from '../../state/app-store';
import { AppStoreProvider } from '../../state/use-app-store';
import { createOfflineMessenger } from '../../p2p/testing/offline-messenger';
import { ClockContext } from '../clock-context';

declare global {
  // React's switch for act(): on only while a test flushes with it, so updates outside it are not warned of.
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

export interface ScreenHarness {
  readonly store: StoreApi<AppState>;
  readonly archive: ArchiveDb;
  /** Our own peer ID (the identity is "Alice"). */
  readonly me: PeerId;
  /** What the messenger was told of our typing, to whom. */
  readonly typed: readonly (readonly [PeerId, boolean])[];
  /** Every unread count the host was given for its badge. */
  readonly badges: readonly number[];
  /** The body of every notification the host showed. */
  readonly notified: readonly string[];
  /** The title of each of them, in the same order. */
  readonly notifiedTitles: readonly string[];
  /** Hands the app an event as the messenger would (a text received, say). */
  emit(event: MessengerEvent): void;
  /**
   * Shows `ui` (again, in place of what was shown) inside the store's provider; with `clock`, screens judge
   * disappearing messages by it (ClockContext) instead of the system clock.
   */
  render(ui: ReactNode, options?: { readonly clock?: Clock }): Promise<void>;
  /** Runs `step`, then lets React finish every update it caused before going on. */
  settle(step: () => Promise<void> | void): Promise<void>;
  /** Makes `peer` an accepted contact, as accepting their request would. */
  accept(peer: PeerId): Promise<void>;
  /** Gives `peer` this standing, as the engine does when a request or an acceptance of theirs comes. */
  setContactState(peer: PeerId, state: ContactState): Promise<void>;
  /**
   * Stores a text from `peer` as the engine stores an arrival (unread), disappearing at `expiresAt` if given;
   * resolves to its ID. Nothing purges it then: the app's expiry schedule does not run here.
   */
  receive(peer: PeerId, text: string, expiresAt?: number): Promise<MessageId>;
  /**
   * Stores a reaction of `peer` to message `of` as the engine stores an arrival ('' takes one back), sent at
   * `sentAt` (now if not given); resolves to its ID.
   */
  receiveReaction(peer: PeerId, of: MessageId, emoji: string, sentAt?: number): Promise<MessageId>;
  /**
   * Moves messages of ours to `status` as the engine does (delivered on an ack, read on a receipt, failed with
   * `reason` when one cannot be delivered in time).
   */
  setStatus(ids: readonly MessageId[], status: DeliveryStatus, reason?: string): Promise<void>;
  readonly container: HTMLElement;
}

/** Call at the top of a test file; each test then calls the returned function for its own app. */
export const screenHarness = (): (() => Promise<ScreenHarness>) => {
  const scratch = scratchDatabases('screens');
  const cleanups: (() => Promise<void>)[] = [];
  // Registered after the scratch databases' hook, so it runs before it (hooks run as a stack): the store and
  // the messenger let go of the archive before it is deleted.
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });

  return async () => {
    const badges: number[] = [];
    const notified: string[] = [];
    const notifiedTitles: string[] = [];
    let emit: (event: MessengerEvent) => void = () => undefined;
    const typed: [PeerId, boolean][] = [];
    const host = deriveHostApi(
      createHostDispatcher(
        createHostServices(
          createMemoryHostPorts(crypto as unknown as IdentityCryptoPort, {
            unreadBadge: (count) => badges.push(count),
            notifier: {
              show: (notification) => {
                notified.push(notification.body);
                notifiedTitles.push(notification.title);
                return Promise.resolve(true);
              },
            },
          }),
        ),
        { onInternalError: () => undefined },
      ),
    );
    const archive = await scratch.archive();
    const running: { messages?: DexieMessageStore; stop?: () => Promise<void> } = {};
    const store = createAppStore({
      host,
      // Only this page runs the test's identity: its lease is granted at once.
      tabLease: () => ({
        acquire: () => Promise.resolve(true),
        release: () => Promise.resolve(),
        close: () => Promise.resolve(),
      }),
      async startMessaging({ identity, onEvent }) {
        emit = onEvent;
        const opened = await openDexieMessageStore(archive);
        const messenger = createOfflineMessenger({ identity, store: opened, host, onEvent });
        await messenger.start();
        const stop = async () => {
          await messenger.stop();
          await opened.stop();
        };
        running.messages = opened;
        running.stop = stop;
        return {
          archive,
          messenger: {
            ...messenger,
            typing: (peer: PeerId, active: boolean) => {
              typed.push([peer, active]);
              messenger.typing(peer, active);
            },
          },
          markRead: (peer: PeerId, ids: readonly MessageId[], receipt = true) =>
            receipt ? messenger.markRead(peer, ids) : Promise.resolve(),
          reconnectSignaling: () => undefined,
          importArchive: () => Promise.resolve(fail('ARCHIVE_INVALID', 'no imports in this test')),
          clearConversation: () => Promise.resolve(0),
          deleteContact: () => Promise.resolve(fail('MESSAGE_NOT_A_CONTACT', 'no deletions in this test')),
          stop,
        };
      },
    });
    await store.getState().createIdentity('Alice');
    const me = store.getState().identity?.peerId;
    const started = running.messages;
    if (!me || !started) {
      throw new Error(`the test app did not start: ${store.getState().error ?? store.getState().phase}`);
    }

    const container = document.createElement('div');
    document.body.append(container);
    let root: Root | null = null;
    cleanups.push(async () => {
      await settle(() => root?.unmount());
      container.remove();
      await running.stop?.();
      // Queries the screens started may still be a few reads from done; each transaction that writes waits for
      // the reads before it, so a few in turn let them finish before the archive closes under them.
      for (let turn = 0; turn < 4; turn += 1) {
        await archive.transaction('rw', archive.tables, () => undefined);
      }
    });

    const settle = async (step: () => Promise<void> | void): Promise<void> => {
      globalThis.IS_REACT_ACT_ENVIRONMENT = true;
      try {
        await act(async () => {
          await step();
        });
      } finally {
        globalThis.IS_REACT_ACT_ENVIRONMENT = false;
      }
    };
    let seq = 0;
    /** Stores a message from `peer` sent at `sentAt`, as the engine stores an arrival; resolves to its ID. */
    const arrive = async (
      peer: PeerId,
      sentAt: number,
      content: Pick<Message, 't' | 'body' | 'meta'>,
    ): Promise<MessageId> => {
      seq += 1;
      const id = uuidv7({ msecs: sentAt });
      const message = {
        id,
        from: peer,
        to: me,
        conversation: directConversationId(me, peer),
        sentAt,
        seq,
        ...content,
      } as Message;
      await started.receive(message, sentAt, false);
      return id;
    };

    return {
      store,
      archive,
      me,
      typed,
      badges,
      notified,
      notifiedTitles,
      emit: (event) => emit(event),
      container,
      render: (ui, { clock } = {}) =>
        settle(() => {
          root ??= createRoot(container);
          root.render(
            <StrictMode>
              <AppStoreProvider store={store}>
                {clock ? <ClockContext.Provider value={clock}>{ui}</ClockContext.Provider> : ui}
              </AppStoreProvider>
            </StrictMode>,
          );
        }),
      settle,
      accept: (peer) => started.setContactState(peer, 'accepted'),
      setContactState: (peer, state) => started.setContactState(peer, state),
      async setStatus(ids, status, reason) {
        await started.setStatus(ids, status, reason);
      },
      receiveReaction: (peer, of, emoji, sentAt = Date.now()) =>
        arrive(peer, sentAt, { t: 'reaction', body: { of, emoji } }),
      receive: (peer, text, expiresAt) =>
        arrive(peer, Date.now(), {
          t: 'text',
          body: { text },
          ...(expiresAt === undefined ? {} : { meta: { expiresAt } }),
        }),
    };
  };
};
