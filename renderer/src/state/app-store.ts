// The app's state and actions (zustand). Components render from it and from live archive queries, and call
// its actions; the host and the messaging session are passed in by the composition root.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { isBackupBundle } from '../../../shared/backup/backup-bundle';
import type { IdentitySummary } from '../../../shared/host/host-contract';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ConnectionState } from '../../../shared/messaging/connection-manager';
import { describeStorageFailure } from '../archive/storage-status';
import type { ArchiveFileInput } from '../archive/transfer/archive-import';
import { openFullBackup } from '../archive/transfer/full-backup';
import type { MessagingSession } from '../p2p/start-messaging';
import { acquireLease, createTabLease, onlineLeaseName, type TabLease } from '../p2p/tab-lease';
import type { AppState, AppStoreDeps } from './app-state';
import { createArchiveSlice } from './archive-slice';
import { keepDrafts } from './draft-keeper';
import { clearUnreadMark } from '../archive/unread-mark';
import { createBackupSlice } from './backup-slice';
import { createContactsSlice, type ContactsSliceContext } from './contacts-slice';
import { createConversationSettingsSlice } from './conversation-settings-slice';
import { createConversationSlice } from './conversation-slice';
import { createMessengerEventHandler } from './messenger-events';
import { createSettingsSlice } from './settings-slice';

export type { AppState, AppStoreDeps } from './app-state';

const OFFLINE: ConnectionState = { status: 'offline' };
/** The other tab stops its engine first, which waits for its pending archive writes: seconds at most. */
const HAND_OVER_TIMEOUT_MS = 15_000;

export const connectionOf = (state: AppState, peerId: PeerId): ConnectionState =>
  state.connections[peerId] ?? OFFLINE;

export const createAppStore = (deps: AppStoreDeps): StoreApi<AppState> => {
  const store = createAppState(deps);
  keepDrafts(store);
  return store;
};

const createAppState = (deps: AppStoreDeps): StoreApi<AppState> =>
  createStore<AppState>()((set, get) => {
    let session: MessagingSession | null = null;
    const tabLease = deps.tabLease ?? createTabLease;
    let lease: { readonly name: string; readonly lease: TabLease } | null = null;
    // Going online and handing over to another tab take turns: a hand-over asked for while the session starts
    // stops it once started.
    let turn: Promise<void> = Promise.resolve();
    const inTurn = <T>(step: () => Promise<T>): Promise<T> => {
      const next = turn.then(step);
      turn = next.then(
        () => undefined,
        () => undefined,
      );
      return next;
    };
    // A restored backup's archive that waits while another tab runs this identity.
    let pendingRestore: ArchiveFileInput | undefined;
    // Events count only from the current session: one being stopped still reports its connections closing.
    let generation = 0;

    const onEvent = createMessengerEventHandler({
      set,
      get,
      host: deps.host,
      archive: () => session?.archive ?? null,
    });

    /** Stops messaging here because another tab's user chose to use Parley there, then lets the lease go. */
    const handOver = (): Promise<void> =>
      inTurn(async () => {
        const stopping = session;
        session = null;
        generation += 1;
        set({
          phase: 'elsewhere',
          archive: null,
          connections: {},
          typing: {},
          signaling: { status: 'idle' },
          signalingWasReady: false,
        });
        await stopping?.stop().catch(() => undefined);
        await lease?.lease.release();
      });

    /**
     * Runs `identity`'s messaging here if no other tab does; 'vault-changed' when the host's vault no longer holds
     * that identity, and nothing was started.
     */
    const goOnline = async (
      identity: IdentitySummary,
      takeOver = false,
    ): Promise<'settled' | 'vault-changed'> => {
      const name = onlineLeaseName(identity.peerId);
      if (lease?.name !== name) {
        await lease?.lease.close();
        lease = { name, lease: tabLease(name, { onHandOverRequested: () => void handOver() }) };
      }
      const acquired = await acquireLease(
        lease.lease,
        takeOver,
        deps.handOverTimeoutMs ?? HAND_OVER_TIMEOUT_MS,
      );
      if (acquired !== 'held') {
        set({
          phase: 'elsewhere',
          ...(acquired === 'gave-up'
            ? { error: 'The other tab did not step back. Close it, or try again.' }
            : {}),
        });
        return 'settled';
      }
      const latest = await deps.host.getIdentity({});
      if (latest.ok && latest.value?.peerId !== identity.peerId) {
        // Another tab created, restored or replaced the identity since this one read it. This tab leased the one
        // it read: running the vault's under that lease would let a tab that leases the vault's run it too.
        await lease.lease.close();
        lease = null;
        pendingRestore = undefined;
        return 'vault-changed';
      }
      // As the tab that ran it last left it (a new display name, say), not as this tab first loaded it.
      const current = latest.ok && latest.value ? latest.value : identity;
      set({ identity: current, phase: 'ready' });
      const restoreArchive = pendingRestore;
      pendingRestore = undefined;
      const settings = await deps.host.getSettings({});
      if (!settings.ok) {
        set({ phase: 'error', error: settings.error.message });
        return 'settled';
      }
      set({ settings: settings.value });
      const mine = (generation += 1);
      try {
        session = await deps.startMessaging({
          identity: current,
          signalingUrl: settings.value.signalingUrl,
          iceServers: settings.value.iceServers,
          retentionDays: settings.value.retentionDays ?? null,
          ...(restoreArchive ? { restoreArchive } : {}),
          onEvent: (event) => {
            if (mine === generation) {
              onEvent(event);
            }
          },
        });
        set({ archive: session.archive });
      } catch (error) {
        set({ phase: 'error', error: `The archive could not be opened: ${String(error)}` });
      }
      return 'settled';
    };

    /** Goes online with `identity`, or starts over with what the vault holds now, as a reload would. */
    const goOnlineOrReload = async (identity: IdentitySummary, takeOver = false): Promise<void> => {
      if ((await inTurn(() => goOnline(identity, takeOver))) === 'vault-changed') {
        await get().load();
      }
    };

    const becomeReady = async (
      identity: IdentitySummary,
      restoreArchive?: ArchiveFileInput,
    ): Promise<void> => {
      set({ identity });
      pendingRestore = restoreArchive;
      await goOnlineOrReload(identity);
    };

    /** Runs a messenger action, showing its coded error (or the archive's) if it fails. */
    const act: ContactsSliceContext['act'] = async (run) => {
      if (!session) {
        set({ error: 'Not online yet.' });
        return false;
      }
      try {
        const result = await run(session.messenger);
        if (!result.ok) {
          set({ error: result.error?.message ?? 'failed' });
        }
        return result.ok;
      } catch (error) {
        // What the archive refuses (no room left, say) comes as a rejection, not as a coded failure.
        set({ error: describeStorageFailure(String(error)) });
        return false;
      }
    };

    /** A search hit shown before is done with: the conversation opens where it would by itself (newest, unread). */
    const openConversation = (peerId: PeerId): void => {
      set({ activePeerId: peerId, view: 'chats', error: null, focusedMessage: null });
      const archive = get().archive;
      // Seen again: a mark of "unread" the user left on it goes (a failed write leaves it, nothing else).
      if (archive) {
        clearUnreadMark(archive, peerId).catch(() => undefined);
      }
    };

    /** Shows no conversation if `peer`'s was open (its draft, reply or edit stay). */
    const leaveConversation = (peer: PeerId): void =>
      set((state) => (state.activePeerId === peer ? { activePeerId: null, findOpen: false } : {}));

    const contacts = createContactsSlice(set, get, {
      host: deps.host,
      ownPeerId: () => get().identity?.peerId ?? null,
      archive: () => get().archive,
      act,
      openConversation,
      showError: (message) => set({ error: message }),
      now: () => Date.now(),
    });

    return {
      ...contacts,
      ...createSettingsSlice(set, get, {
        host: deps.host,
        setIdentity: (identity) => set({ identity }),
        messenger: () => session?.messenger ?? null,
      }),
      ...createBackupSlice({
        host: deps.host,
        archive: () => get().archive,
        identity: () => get().identity,
        now: () => Date.now(),
      }),
      ...createArchiveSlice({
        archive: () => get().archive,
        identity: () => get().identity,
        session: () => session,
        now: () => Date.now(),
      }),
      ...createConversationSettingsSlice(set, get, {
        archive: () => get().archive,
        session: () => session,
        forgetConversation(peer, close) {
          get().cancelReply(peer);
          get().cancelEdit(peer);
          if (close) {
            get().setDraft(peer, '');
            leaveConversation(peer);
          }
        },
        leaveConversation,
        showError: (message) => set({ error: message }),
      }),
      ...createConversationSlice(set, get, {
        activePeerId: () => get().activePeerId,
        openConversation,
        archive: () => get().archive,
        act,
        now: () => Date.now(),
        withdraw: (ids) => session?.messenger.withdraw(ids),
      }),
      phase: 'loading',
      keyProtection: null,
      error: null,
      identity: null,
      signaling: { status: 'idle' },
      signalingWasReady: false,
      networkOnline: true,
      archive: null,
      connections: {},
      typing: {},
      activePeerId: null,

      async load() {
        // Settings first: the theme applies to every screen, onboarding included.
        void get().loadSettings();
        const vault = await deps.host.getVaultStatus({});
        if (!vault.ok) {
          set({ phase: 'error', error: vault.error.message });
          return;
        }
        set({ keyProtection: vault.value.protection });
        if (vault.value.state === 'locked') {
          set({ phase: 'locked' });
          return;
        }
        const identity = await deps.host.getIdentity({});
        if (!identity.ok) {
          set({ phase: 'error', error: identity.error.message });
          return;
        }
        if (identity.value) {
          await becomeReady(identity.value);
        } else {
          set({ phase: 'onboarding' });
        }
      },

      async unlock(passphrase) {
        set({ phase: 'unlocking', error: null });
        const unlocked = await deps.host.unlockIdentity({ passphrase });
        if (!unlocked.ok) {
          set({ phase: 'locked', error: unlocked.error.message });
          return;
        }
        await becomeReady(unlocked.value);
      },

      async createIdentity(displayName, passphrase) {
        set({ phase: 'creating', error: null });
        const created = await deps.host.createIdentity(
          passphrase === undefined ? { displayName } : { displayName, passphrase },
        );
        if (!created.ok && created.error.code === 'IDENTITY_EXISTS') {
          // Created meanwhile in another tab of this browser: start up with that one, as a reload would.
          await get().load();
          return;
        }
        if (!created.ok) {
          set({ phase: 'onboarding', error: created.error.message });
          return;
        }
        await becomeReady(created.value);
      },

      async restoreIdentity(text, passphrase, vaultPassphrase) {
        set({ phase: 'creating', error: null });
        // A full backup is decrypted and its archive validated before the host stores anything, so a wrong
        // passphrase or a bad archive leaves no identity behind without its messages.
        let backup = text;
        let archive: ArchiveFileInput | undefined;
        if (isBackupBundle(text)) {
          const opened = await openFullBackup(text, passphrase);
          if (!opened.ok) {
            set({ phase: 'onboarding', error: `Nothing was restored: ${opened.error.message}.` });
            return;
          }
          backup = opened.value.identityBackup;
          archive = opened.value.archive;
        }
        const restored = await deps.host.restoreIdentityBackup(
          vaultPassphrase === undefined ? { backup, passphrase } : { backup, passphrase, vaultPassphrase },
        );
        if (!restored.ok) {
          set({ phase: 'onboarding', error: restored.error.message });
          return;
        }
        await becomeReady(restored.value, archive);
      },

      openConversation,

      async retry(id) {
        await act((messenger) => messenger.retry(id));
      },

      async markRead(peerId, ids) {
        await session?.markRead(peerId, ids, get().settings?.readReceipts !== false);
      },

      setTyping(peerId, active) {
        // An end of typing always goes: one begun before the setting was turned off must not stay shown there.
        if (!active || get().settings?.typingIndicators !== false) {
          session?.messenger.typing(peerId, active);
        }
      },

      reportUnread(count) {
        void deps.host.setUnreadCount({ count });
      },

      retrySignaling() {
        session?.reconnectSignaling();
      },

      async takeOverHere() {
        const identity = get().identity;
        if (get().phase !== 'elsewhere' || !identity) {
          return;
        }
        set({ phase: 'taking-over', error: null });
        await goOnlineOrReload(identity, true);
      },

      setNetworkOnline(online) {
        set({ networkOnline: online });
      },

      showError(message) {
        set({ error: message });
      },

      dismissError() {
        set({ error: null });
      },
    };
  });
