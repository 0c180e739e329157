// Host ports for tests: real services and real WebCrypto, with persistence in memory.
import { createWebCryptoSuite } from '../crypto/web-crypto-suite';
import type { HostPorts } from '../host/host-services';
import type { IdentityCryptoPort } from '../identity/identity-crypto-port';
import { createMemoryDocumentStore, createMemoryIdentityVault } from './memory-ports';

export const createMemoryHostPorts = (
  crypto: IdentityCryptoPort,
  overrides: Partial<HostPorts> = {},
): HostPorts => ({
  sessionSuite: createWebCryptoSuite(crypto),
  pinnedKeysStore: createMemoryDocumentStore(),
  now: () => Date.now(),
  appInfo: { name: 'Parley', version: '0.0.0-test', host: 'browser', platform: 'test' },
  crypto,
  identityVault: createMemoryIdentityVault(crypto),
  settingsStore: createMemoryDocumentStore(),
  defaultSettings: {
    signalingUrl: 'ws://127.0.0.1:7420/signal',
    theme: 'system',
    notifications: true,
    iceServers: [],
  },
  notifier: { show: () => Promise.resolve(true) },
  unreadBadge: () => undefined,
  ...overrides,
});
