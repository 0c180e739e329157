// Brings one identity online in the renderer: its archive (Dexie), the signaling connection and the messenger
// on them, with the host doing every privileged step. The composition twin of electron/headless/headless-peer.ts.
import { ok, type Result } from '../../../shared/result';
import {
  importArchive,
  parseArchiveFile,
  type ArchiveFileInput,
  type ImportOutcome,
} from '../archive/transfer/archive-import';
import type { IceServer } from '../../../shared/signaling/signaling-frames';
import { v7 as uuidv7 } from 'uuid';
import type { HostApi, IdentitySummary } from '../../../shared/host/host-contract';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { MessageId } from '../../../shared/messaging/message-format';
import { createMessenger, type Messenger, type MessengerEvent } from '../../../shared/messaging/messenger';
import type { RetransmitPolicy } from '../../../shared/messaging/delivery-engine';
import { systemClock } from '../../../shared/ports/clock';
import {
  connectReconnectingSignaling,
  type ReconnectingSignaling,
} from '../../../shared/signaling/reconnecting-signaling';
import type { SignalingSocket } from '../../../shared/signaling/signaling-client';
import { archiveDbName, openArchiveDb, type ArchiveDb } from '../archive/archive-db';
import { requestPersistentStorage } from '../archive/storage-status';
import { nextExpiry, purgeArchive, purgeExpired } from '../archive/retention';
import { startExpirySchedule, type ExpirySchedule } from '../../../shared/messaging/expiry-schedule';
import { clearConversation, deleteContact } from '../archive/conversation-clearing';
import { watchedPeers } from '../archive/archive-queries';
import { openDexieMessageStore, type DexieMessageStore } from '../archive/dexie-message-store';
import { startIndexUpkeep } from '../archive/search/index-upkeep';
import { startWorkerCompactor } from '../archive/search/worker-compactor';
import { markReadByMe } from '../archive/read-marks';
import { createConsoleLogger } from '../logging/console-logger';
import { browserRtcFactory } from './browser-rtc';
import { hostSessionPort, hostSignalSealer } from './host-ports';

const logger = createConsoleLogger('messaging');

/** How often retention runs while the app is open (also once at start). */
const PURGE_INTERVAL_MS = 60 * 60_000;

export interface MessagingSession {
  readonly archive: ArchiveDb;
  readonly messenger: Messenger;
  /**
   * The user saw these incoming messages: marks them read here and, unless `receipt` is false (the user turned
   * read receipts off), sends the receipt, once each.
   */
  markRead(peer: PeerId, ids: readonly MessageId[], receipt?: boolean): Promise<void>;
  /** Merges an archive file (JSON export) into this archive; refused with the reason if anything is wrong. */
  importArchive(text: string): Promise<Result<ImportOutcome>>;
  /** Deletes every message of the conversation with `peer` from this device; resolves to how many went. */
  clearConversation(peer: PeerId): Promise<number>;
  /** Deletes a contact (not a blocked one) with their history: a new request is needed to talk again. */
  deleteContact(peer: PeerId): Promise<Result<number>>;
  /** Tries the signaling server now instead of waiting out the backoff. */
  reconnectSignaling(): void;
  stop(): Promise<void>;
}

export interface StartMessagingOptions {
  readonly host: HostApi;
  readonly identity: IdentitySummary;
  readonly signalingUrl: string;
  /** Days to keep messages by default (settings); null or absent keeps them forever. */
  readonly retentionDays?: number | null;
  /** The user's own STUN/TURN servers (settings), beside the signaling server's. */
  readonly iceServers?: readonly IceServer[];
  /**
   * A restored full backup's archive, already validated: merged before the engine reads the archive. Its
   * passphrase authenticated it as the user's own, so the verifications it holds are taken (contact-transfer.ts).
   */
  readonly restoreArchive?: ArchiveFileInput;
  readonly onEvent: (event: MessengerEvent) => void;
  readonly policy?: Partial<RetransmitPolicy>;
}

export const startMessaging = async (options: StartMessagingOptions): Promise<MessagingSession> => {
  const { host, identity } = options;
  const archive = await openArchiveDb(archiveDbName(identity.peerId));
  // Asked once the archive holds something worth keeping; a browser that says no may evict it under pressure,
  // which Settings shows.
  void requestPersistentStorage().catch(() => false);
  if (options.restoreArchive) {
    // The identity is restored by now; a failure here (no room left) is reported, not allowed to stop sign-in.
    await importArchive(archive, options.restoreArchive, Date.now(), { trusted: true }).catch(
      (error: unknown) =>
        options.onEvent({
          type: 'failure',
          reason: `The backup's messages could not be saved: ${String(error)}`,
        }),
    );
  }
  // What has started so far: a start-up that fails partway stops it (see below).
  const started: {
    store?: DexieMessageStore;
    signaling?: ReconnectingSignaling;
    messenger?: Messenger;
  } = {};
  let expiries: ExpirySchedule | null = null;
  const startEngine = async () => {
    const store = (started.store = await openDexieMessageStore(archive, {
      // Searches still find what is queued; the user hears of it as of any failed upkeep (storage full, mostly).
      onIndexError: (error) =>
        options.onEvent({ type: 'failure', reason: `search index upkeep failed: ${String(error)}` }),
      // Off the page's thread, which stores and forwards every message and draws the UI; on it if no Worker
      // starts (the index is kept either way).
      startCompactor: (compaction, queued) =>
        startWorkerCompactor(archive.name, compaction, queued).catch((error: unknown) => {
          logger.warn(
            { error: String(error) },
            'search index compaction runs on the page: no Worker started',
          );
          return startIndexUpkeep(archive, compaction, queued);
        }),
    }));
    const signaling = (started.signaling = connectReconnectingSignaling({
      url: options.signalingUrl,
      openSocket: (url) => new WebSocket(url) as unknown as SignalingSocket,
      answerChallenge: (challenge) => host.signSignalingChallenge(challenge),
      onEvent: (event) => started.messenger?.signalingEvent(event),
      timers: systemClock,
      random: Math.random,
    }));
    const messenger = (started.messenger = createMessenger({
      localPeerId: identity.peerId,
      displayName: identity.displayName,
      store,
      sessions: hostSessionPort(host),
      rtc: browserRtcFactory,
      signaling,
      sealer: hostSignalSealer(host),
      watchList: () => watchedPeers(archive),
      ...(options.iceServers ? { extraIceServers: options.iceServers } : {}),
      clock: systemClock,
      random: Math.random,
      newMessageId: (now) => uuidv7({ msecs: now }),
      newAttemptId: () => crypto.randomUUID(),
      onEvent: (event) => {
        // A disappearing message just stored: it leaves the archive when it expires.
        const expiresAt = event.type === 'received' ? event.incoming.message.meta?.expiresAt : undefined;
        if (expiresAt !== undefined) {
          expiries?.expireAt(expiresAt);
        }
        options.onEvent(event);
      },
      ...(options.policy ? { policy: options.policy } : {}),
    }));
    await messenger.start();
    return { store, signaling, messenger };
  };
  const {
    store,
    signaling,
    messenger: running,
  } = await startEngine().catch(async (error: unknown) => {
    // Failed partway (the archive refusing a read, say): what started stops, in the order a session stops, so
    // no socket goes on reconnecting and no half-started engine runs behind the error screen.
    started.signaling?.close();
    await started.messenger?.stop().catch(() => undefined);
    await started.store?.stop().catch(() => undefined);
    archive.close();
    throw error;
  });
  // Retention runs now and every hour, in batches that yield to the UI; a failure is reported, not thrown.
  const purge = () =>
    purgeArchive(archive, {
      me: options.identity.peerId,
      now: Date.now(),
      defaultDays: options.retentionDays ?? null,
      pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
    }).catch((error: unknown) =>
      options.onEvent({ type: 'failure', reason: `clean-up failed: ${String(error)}` }),
    );
  void purge();
  const purgeTimer = setInterval(() => void purge(), PURGE_INTERVAL_MS);
  expiries = startExpirySchedule({
    clock: systemClock,
    nextExpiry: () => nextExpiry(archive),
    purgeExpired: () =>
      purgeExpired(archive, {
        now: Date.now(),
        pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
      })
        .then(() => undefined)
        .catch((error: unknown) =>
          options.onEvent({ type: 'failure', reason: `clean-up failed: ${String(error)}` }),
        ),
  });
  const schedule = expiries;
  // Texts sent under a disappearing-messages timer expire too; the engine gave them their expiry.
  const sendText: Messenger['sendText'] = async (to, text, meta) => {
    const sent = await running.sendText(to, text, meta);
    const expiresAt = sent.ok ? sent.value.meta?.expiresAt : undefined;
    if (expiresAt !== undefined) {
      schedule.expireAt(expiresAt);
    }
    return sent;
  };
  const clearing = {
    db: archive,
    store,
    me: identity.peerId,
    now: () => Date.now(),
    pause: () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
    forget: (peer: PeerId) => running.decide(peer, 'forget'),
    withdraw: (ids: readonly MessageId[]) => running.withdraw(ids),
  };

  return {
    archive,
    messenger: { ...running, sendText },
    async markRead(peer, ids, receipt = true) {
      const fresh = await markReadByMe(archive, ids, Date.now());
      if (fresh.length > 0 && receipt) {
        await running.markRead(peer, fresh);
      }
    },
    reconnectSignaling: () => signaling.reconnectNow(),
    async importArchive(text) {
      const file = parseArchiveFile(text, options.identity.peerId);
      if (!file.ok) {
        return file;
      }
      const outcome = await store.exclusive(() => importArchive(archive, file.value, Date.now()));
      // Disappearing messages among those imported leave when they expire, not at the next hourly purge.
      const next = await nextExpiry(archive);
      if (next !== undefined) {
        schedule.expireAt(next);
      }
      return ok(outcome);
    },
    clearConversation: (peer) => clearConversation(clearing, peer),
    deleteContact: (peer) => deleteContact(clearing, peer),
    async stop() {
      clearInterval(purgeTimer);
      schedule.stop();
      signaling.close();
      await running.stop();
      await store.stop();
      archive.close();
    },
  };
};
