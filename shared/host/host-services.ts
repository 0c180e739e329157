// Builds the privileged side's services from a host's ports. Electron main and the browser Worker both call this,
// each with its own adapters, so the two hosts share every rule.
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { createIdentityService } from '../identity/identity-service';
import type { DocumentStore } from '../ports/document-store';
import type { IdentityVault } from '../ports/identity-vault';
import type { Notifier } from '../ports/notifier';
import { ok } from '../result';
import { createSettingsService } from '../settings/settings-service';
import type { Settings } from '../settings/settings-schema';
import type { HostServices, HostValue } from './host-contract';

export interface HostPorts {
  readonly appInfo: HostValue<'getAppInfo'>;
  readonly crypto: WebCryptoPort;
  readonly identityVault: IdentityVault;
  readonly settingsStore: DocumentStore;
  readonly defaultSettings: Settings;
  readonly notifier: Notifier;
}

export const createHostServices = (ports: HostPorts): HostServices => {
  const identity = createIdentityService({ crypto: ports.crypto, vault: ports.identityVault });
  const settings = createSettingsService({ store: ports.settingsStore, defaults: ports.defaultSettings });
  return {
    getAppInfo: () => Promise.resolve(ok(ports.appInfo)),
    getIdentity: () => identity.current(),
    createIdentity: ({ displayName }) => identity.create(displayName),
    signSignalingChallenge: ({ serverId, nonce }) => identity.signSignalingChallenge(serverId, nonce),
    getSettings: () => settings.get(),
    updateSettings: (patch) => settings.update(patch),
    showNotification: async (notification) => {
      const current = await settings.get();
      const allowed = current.ok && current.value.notifications;
      return ok({ shown: allowed ? await ports.notifier.show(notification) : false });
    },
  };
};
