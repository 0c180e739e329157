// Composition root of the renderer: connect to the host, build the store, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { handleHostEvent } from './host/host-event-handler';
import { focusNewChat } from './screens/AddContactForm';
import { focusSearch } from './screens/SearchBox';
import { connectHost } from './host/connect-host';
import { startMessaging } from './p2p/start-messaging';
import { createAppStore } from './state/app-store';
import { AppStoreProvider } from './state/use-app-store';
import './styles.css';

const connection = connectHost();
const host = connection.api;
const store = createAppStore({
  host,
  startMessaging: (options) => startMessaging({ host, ...options }),
});
connection.onEvent(handleHostEvent(store, { newChat: focusNewChat, search: focusSearch }));
void store.getState().load();
// An invite handed over by the system (the browser build's web+parley handler opens `?open=<link>`): it waits
// for the user's confirmation, and leaves the address bar so a reload does not ask again.
const handedOver = new URLSearchParams(window.location.search).get('open');
if (handedOver) {
  store.getState().openInvite(handedOver);
  window.history.replaceState(null, '', window.location.pathname);
}

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
