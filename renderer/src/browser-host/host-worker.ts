// Composition root of the browser build's privileged side: a dedicated Worker holding the identity keys
// (WebCrypto, IndexedDB) and serving the host contract over comlink.
import { expose } from 'comlink';
import type { WebCryptoPort } from '../../../shared/crypto/web-crypto-port';
import { createWebCryptoSuite } from '../../../shared/crypto/web-crypto-suite';
import { createStore } from 'idb-keyval';
import { createHostDispatcher } from '../../../shared/host/host-dispatcher';
import type { HostPorts } from '../../../shared/host/host-services';
import type { IdentityCryptoPort } from '../../../shared/identity/identity-crypto-port';
import { createConsoleLogger } from '../logging/console-logger';
import { createBrowserHostServices } from './browser-host-services';
import { createIdbDocumentStore } from './idb-document-store';
import { createIdbIdentityVault } from './idb-identity-vault';
import { buildWorkerEndpoint } from './worker-endpoint';
import { createWebNotifier } from './web-notifier';
import { workerEventSink } from './worker-events';

const store = createStore('parley-host', 'documents');
// A page served by a signaling server talks to that server by default.
const origin = new URL(self.location.href);
const defaultSignalingUrl = `${origin.protocol === 'https:' ? 'wss:' : 'ws:'}//${origin.host}/signal`;

const ports: HostPorts = {
  appInfo: { name: 'Parley', version: __APP_VERSION__, host: 'browser', platform: navigator.userAgent },
  crypto: self.crypto as unknown as IdentityCryptoPort,
  identityVault: createIdbIdentityVault({
    slot: createIdbDocumentStore(store, 'identity'),
    crypto: self.crypto,
  }),
  settingsStore: createIdbDocumentStore(store, 'settings'),
  defaultSettings: {
    signalingUrl: defaultSignalingUrl,
    theme: 'system',
    notifications: true,
    iceServers: [],
  },
  notifier: createWebNotifier(workerEventSink((message) => self.postMessage(message))),
  // The Badging API shows it where the browser has a place for it (an installed app); elsewhere it is absent.
  unreadBadge: (count) => {
    if ('setAppBadge' in navigator) {
      void (count > 0 ? navigator.setAppBadge(count) : navigator.clearAppBadge()).catch(() => undefined);
    }
  },
  sessionSuite: createWebCryptoSuite(self.crypto as unknown as WebCryptoPort),
  pinnedKeysStore: createIdbDocumentStore(store, 'pinned-keys'),
  now: () => Date.now(),
};
// Web Locks are missing only from engines older than 2022.
const services = createBrowserHostServices(ports, 'locks' in navigator ? navigator.locks : undefined);

const logger = createConsoleLogger('host');
const dispatch = createHostDispatcher(services, {
  onInternalError: (method, error) => logger.error({ method, error: String(error) }, 'host method failed'),
});

expose(buildWorkerEndpoint(dispatch));
