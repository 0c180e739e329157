// Composition root of the browser build's privileged side: a dedicated Worker holding the identity keys
// (WebCrypto, IndexedDB) and serving the host contract over comlink.
import { expose } from 'comlink';
import { createStore } from 'idb-keyval';
import type { WebCryptoPort } from '../../../shared/crypto/web-crypto-port';
import { createHostDispatcher } from '../../../shared/host/host-dispatcher';
import { createHostServices } from '../../../shared/host/host-services';
import { createConsoleLogger } from '../logging/console-logger';
import { createIdbDocumentStore } from './idb-document-store';
import { createIdbIdentityVault } from './idb-identity-vault';
import { buildWorkerEndpoint } from './worker-endpoint';
import { createWebNotifier } from './web-notifier';

const store = createStore('parley-host', 'documents');
// A page served by a signaling server talks to that server by default.
const origin = new URL(self.location.href);
const defaultSignalingUrl = `${origin.protocol === 'https:' ? 'wss:' : 'ws:'}//${origin.host}/signal`;

const services = createHostServices({
  appInfo: { name: 'Parley', version: __APP_VERSION__, host: 'browser', platform: navigator.userAgent },
  crypto: self.crypto as unknown as WebCryptoPort,
  identityVault: createIdbIdentityVault(store),
  settingsStore: createIdbDocumentStore(store, 'settings'),
  defaultSettings: { signalingUrl: defaultSignalingUrl, theme: 'system', notifications: true },
  notifier: createWebNotifier(),
});

const logger = createConsoleLogger('host');
const dispatch = createHostDispatcher(services, {
  onInternalError: (method, error) => logger.error({ method, error: String(error) }, 'host method failed'),
});

expose(buildWorkerEndpoint(dispatch));
