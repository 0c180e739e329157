// Host ports for tests: real services and real WebCrypto, with persistence in memory.
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import type { HostPorts } from '../host/host-services';
import { createMemoryDocumentStore, createMemoryIdentityVault } from './memory-ports';

export const createMemoryHostPorts = (
  crypto: WebCryptoPort,
  overrides: Partial<HostPorts> = {},
): HostPorts => ({
  appInfo: { name: 'Parley', version: '0.0.0-test', host: 'browser', platform: 'test' },
  crypto,
  identityVault: createMemoryIdentityVault(),
  settingsStore: createMemoryDocumentStore(),
  defaultSettings: { signalingUrl: 'ws://127.0.0.1:7420/signal', theme: 'system', notifications: true },
  notifier: { show: () => Promise.resolve(true) },
  ...overrides,
});
