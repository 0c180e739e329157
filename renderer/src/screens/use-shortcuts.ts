// The app's keyboard shortcuts (Ctrl on Windows and Linux, Cmd on macOS): K the quick switcher, N a new chat
// (the invite-link field), comma the settings, F the message search. The desktop menu shows the same accelerators.
import { useEffect } from 'react';

export interface ShortcutActions {
  readonly quickSwitcher: () => void;
  readonly newChat: () => void;
  readonly settings: () => void;
  readonly search: () => void;
}

export const useShortcuts = (actions: ShortcutActions): void => {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = navigator.platform.startsWith('Mac') ? event.metaKey : event.ctrlKey;
      if (!mod || event.altKey || event.shiftKey) {
        return;
      }
      const action = {
        k: actions.quickSwitcher,
        n: actions.newChat,
        ',': actions.settings,
        f: actions.search,
      }[event.key.toLowerCase()];
      if (action) {
        event.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [actions]);
};
