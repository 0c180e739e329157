// The shape of the app's state (zustand) and what the store is built from: every slice's fields and actions
// together, and the host and messaging session the composition root passes in (app-store.ts builds it).
import type { HostApi, HostValue, IdentitySummary } from '../../../shared/host/host-contract';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ConnectionState } from '../../../shared/messaging/connection-manager';
import type { MessageId } from '../../../shared/messaging/message-format';
import type { MessengerEvent } from '../../../shared/messaging/messenger';
import type { SignalingState } from '../../../shared/signaling/signaling-client';
import type { IceServer } from '../../../shared/signaling/signaling-frames';
import type { ArchiveDb } from '../archive/archive-db';
import type { ArchiveFileInput } from '../archive/transfer/archive-import';
import type { MessagingSession } from '../p2p/start-messaging';
import type { TabLease, TabLeaseHooks } from '../p2p/tab-lease';
import type { ArchiveSlice } from './archive-slice';
import type { BackupSlice } from './backup-slice';
import type { ContactsSlice } from './contacts-slice';
import type { ConversationSettingsSlice } from './conversation-settings-slice';
import type { ConversationSlice } from './conversation-slice';
import type { SettingsSlice } from './settings-slice';

export interface AppState
  extends
    ContactsSlice,
    SettingsSlice,
    ConversationSlice,
    ArchiveSlice,
    BackupSlice,
    ConversationSettingsSlice {
  /** `elsewhere`: another tab runs this identity's messaging (tab-lease.ts); `takeOverHere` takes it over. */
  readonly phase:
    | 'loading'
    | 'onboarding'
    | 'creating'
    | 'locked'
    | 'unlocking'
    | 'elsewhere'
    | 'taking-over'
    | 'ready'
    | 'error';
  /** Where keys are kept: with `passphrase`, creating an identity asks for one and start-up asks to unlock. */
  readonly keyProtection: HostValue<'getVaultStatus'>['protection'] | null;
  readonly error: string | null;
  readonly identity: IdentitySummary | null;
  readonly signaling: SignalingState | { readonly status: 'idle' };
  /** Whether the signaling server has been reached since start (so a later drop reads "reconnecting"). */
  readonly signalingWasReady: boolean;
  /** The browser's own view of the network (navigator.onLine). */
  readonly networkOnline: boolean;
  /** The open archive, for live queries; null until the identity is online. */
  readonly archive: ArchiveDb | null;
  readonly connections: Readonly<Record<string, ConnectionState>>;
  /** Contacts typing to us right now. */
  readonly typing: Readonly<Record<string, boolean>>;
  readonly activePeerId: PeerId | null;
  readonly load: () => Promise<void>;
  readonly createIdentity: (displayName: string, passphrase?: string) => Promise<void>;
  /**
   * Restores an identity from a backup file's text — an identity backup, or a full backup whose archive comes
   * back too; `vaultPassphrase` protects the keys on this device where there is no OS keychain.
   */
  readonly restoreIdentity: (backup: string, passphrase: string, vaultPassphrase?: string) => Promise<void>;
  readonly unlock: (passphrase: string) => Promise<void>;
  readonly openConversation: (peerId: PeerId) => void;
  readonly retry: (id: MessageId) => Promise<void>;
  readonly markRead: (peerId: PeerId, ids: readonly MessageId[]) => Promise<void>;
  /**
   * Tells `peerId` we are typing, or stopped: named by the composer, whose conversation may no longer be the open
   * one when it stops (it is unmounted after the switch).
   */
  readonly setTyping: (peerId: PeerId, active: boolean) => void;
  readonly showError: (message: string) => void;
  readonly retrySignaling: () => void;
  /** In another tab's shadow: asks that tab to stop, then runs messaging here. */
  readonly takeOverHere: () => Promise<void>;
  /** Tells the host the unread count, for the badge and tray. */
  readonly reportUnread: (count: number) => void;
  readonly setNetworkOnline: (online: boolean) => void;
  readonly dismissError: () => void;
}

export interface AppStoreDeps {
  readonly host: HostApi;
  readonly startMessaging: (options: {
    readonly identity: IdentitySummary;
    readonly signalingUrl: string;
    readonly iceServers?: readonly IceServer[];
    readonly retentionDays?: number | null;
    /** A restored backup's archive, validated, to merge before the engine starts. */
    readonly restoreArchive?: ArchiveFileInput;
    readonly onEvent: (event: MessengerEvent) => void;
  }) => Promise<MessagingSession>;
  /** The lease that lets one tab at a time run an identity's messaging; Web Locks unless a test passes its own. */
  readonly tabLease?: (name: string, hooks: TabLeaseHooks) => TabLease;
  /** How long "Use here" waits for the other tab to step back. */
  readonly handOverTimeoutMs?: number;
}
