// What the app does with each host event: a clicked notification opens its conversation, a link handed over
// by the OS opens the invite confirmation, a menu command does what its shortcut does.
import type { StoreApi } from 'zustand/vanilla';
import type { HostEvent } from '../../../shared/host/host-events';
import type { AppState } from '../state/app-store';

export const handleHostEvent =
  (store: StoreApi<AppState>, focus: { readonly newChat: () => void; readonly search: () => void }) =>
  (event: HostEvent) => {
    const state = store.getState();
    switch (event.type) {
      case 'open-conversation':
        state.openConversation(event.peerId);
        return;
      case 'open-link': {
        const problem = state.openInvite(event.url);
        if (problem) {
          state.showError(`That link cannot be opened: ${problem}`);
        }
        return;
      }
      case 'command':
        switch (event.command) {
          case 'quick-switcher':
            state.setQuickSwitcherOpen(true);
            return;
          case 'new-chat':
            state.closeSettings();
            focus.newChat();
            return;
          case 'search':
            // With a conversation open, find in it; otherwise search everything.
            if (state.activePeerId && state.view === 'chats') {
              state.setFindOpen(true);
            } else {
              state.closeSettings();
              focus.search();
            }
            return;
          case 'settings':
            state.openSettings();
            return;
        }
    }
  };
