// Builds the privileged side's services from a host's ports. Electron main and the browser Worker both call this,
// each with its own adapters, so the two hosts share every rule.
import type { IdentityCryptoPort } from '../identity/identity-crypto-port';
import { createIdentityService, type IdentityService } from '../identity/identity-service';
import type { DocumentStore } from '../ports/document-store';
import type { IdentityVault } from '../ports/identity-vault';
import type { Notifier } from '../ports/notifier';
import { ok } from '../result';
import { createSettingsService, type SettingsService } from '../settings/settings-service';
import type { Settings } from '../settings/settings-schema';
import type { CryptoSuite } from '../crypto/crypto-suite';
import { createDocumentPinnedKeys } from '../session/document-pinned-keys';
import { createSessionService, type SessionService } from '../session/session-service';
import { createSignalSealer, type SignalSealer } from '../session/signal-sealer';
import { createSafetyNumberService, type SafetyNumberService } from '../contacts/safety-numbers';
import { base64ToBytes } from '../encoding/bytes';
import type { HostServices, HostValue } from './host-contract';

export interface HostPorts {
  readonly appInfo: HostValue<'getAppInfo'>;
  readonly crypto: IdentityCryptoPort;
  readonly identityVault: IdentityVault;
  readonly settingsStore: DocumentStore;
  readonly defaultSettings: Settings;
  readonly notifier: Notifier;
  /** Shows the unread count where the platform has a place for it (badge, tray); nothing where it has none. */
  readonly unreadBadge: (count: number) => void;
  /** Primitives of the session layer (Node hosts pass node:crypto's AES-GCM for speed). */
  readonly sessionSuite: CryptoSuite;
  readonly pinnedKeysStore: DocumentStore;
  readonly now: () => number;
}

/** The services behind the contract, which other privileged code (the session layer) uses directly. */
export interface PrivilegedServices {
  readonly identity: IdentityService;
  readonly settings: SettingsService;
  readonly sessions: SessionService;
  readonly signals: SignalSealer;
  readonly safetyNumbers: SafetyNumberService;
}

export const createPrivilegedServices = (ports: HostPorts): PrivilegedServices => {
  const identity = createIdentityService({ crypto: ports.crypto, vault: ports.identityVault });
  const localIdentity = async () => {
    const local = await identity.localIdentity();
    return local.ok ? local.value : null;
  };
  const pinnedKeys = createDocumentPinnedKeys(ports.pinnedKeysStore);
  return {
    identity,
    settings: createSettingsService({ store: ports.settingsStore, defaults: ports.defaultSettings }),
    sessions: createSessionService({
      suite: ports.sessionSuite,
      identity: localIdentity,
      pinnedKeys,
      now: ports.now,
    }),
    signals: createSignalSealer({
      crypto: ports.crypto,
      suite: ports.sessionSuite,
      identity: localIdentity,
      pinnedKeys,
      now: ports.now,
    }),
    safetyNumbers: createSafetyNumberService({
      crypto: ports.crypto,
      ownSigningKey: async () => {
        const current = await identity.current();
        return current.ok && current.value ? base64ToBytes(current.value.publicKey) : null;
      },
      pinnedKeys,
    }),
  };
};

export const createHostServices = (
  ports: HostPorts,
  services: PrivilegedServices = createPrivilegedServices(ports),
): HostServices => {
  const { identity, settings, sessions, signals, safetyNumbers } = services;
  return {
    getAppInfo: () => Promise.resolve(ok(ports.appInfo)),
    getVaultStatus: () => identity.status(),
    getIdentity: () => identity.current(),
    createIdentity: ({ displayName, passphrase }) =>
      identity.create(displayName, passphrase === undefined ? {} : { passphrase }),
    unlockIdentity: ({ passphrase }) => identity.unlock(passphrase),
    exportIdentityBackup: async ({ passphrase }) => {
      const backup = await identity.exportBackup(passphrase);
      return backup.ok ? ok({ backup: backup.value }) : backup;
    },
    restoreIdentityBackup: (request) => identity.restoreBackup(request),
    renameIdentity: ({ displayName }) => identity.rename(displayName),
    signSignalingChallenge: (request) => identity.signSignalingChallenge(request),
    sealSignal: async ({ recipient, payload }) => {
      const sealed = await signals.seal(recipient, payload);
      return sealed.ok ? ok({ sealed: sealed.value }) : sealed;
    },
    openSignal: async ({ from, sealed }) => {
      const opened = await signals.open(from, sealed);
      return opened.ok ? ok({ payload: opened.value }) : opened;
    },
    getSettings: () => settings.get(),
    updateSettings: (patch) => settings.update(patch),
    sessionBegin: async ({ peerId }) => {
      const hello = await sessions.begin(peerId);
      return hello.ok ? ok({ message: hello.value }) : hello;
    },
    sessionHandshake: ({ peerId, message }) => sessions.handshake(peerId, message),
    sessionSeal: async ({ peerId, conversationId, plaintext }) => {
      const record = await sessions.seal(peerId, conversationId, plaintext);
      return record.ok ? ok({ record: record.value }) : record;
    },
    sessionOpen: ({ peerId, record }) => sessions.open(peerId, record),
    sessionEnd: ({ peerId }) => {
      sessions.end(peerId);
      return Promise.resolve(ok({}));
    },
    getSafetyNumber: async ({ peerId }) => {
      const number = await safetyNumbers.forPeer(peerId);
      return number.ok ? ok({ ...number.value, groups: [...number.value.groups] }) : number;
    },
    setUnreadCount: ({ count }) => {
      ports.unreadBadge(count);
      return Promise.resolve(ok({}));
    },
    showNotification: async (notification) => {
      const current = await settings.get();
      const allowed = current.ok && current.value.notifications;
      return ok({ shown: allowed ? await ports.notifier.show(notification) : false });
    },
  };
};
