// Composition root of the renderer: connect to the host, build the store, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectHost } from './host/connect-host';
import { startMessaging } from './p2p/start-messaging';
import { createAppStore } from './state/app-store';
import { AppStoreProvider } from './state/use-app-store';
import './styles.css';

const host = connectHost();
const store = createAppStore({
  host,
  startMessaging: (options) => startMessaging({ host, ...options }),
});
void store.getState().load();

const container = document.getElementById('root');
if (!container) {
  throw new Error('index.html has no #root element');
}
createRoot(container).render(
  <StrictMode>
    <AppStoreProvider store={store}>
      <App />
    </AppStoreProvider>
  </StrictMode>,
);
