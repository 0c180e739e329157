// The Notifier port over Electron's Notification class; clicking a notification about a conversation sends the
// renderer a host event to open it.
import type { NotificationConstructorOptions } from 'electron';
import type { HostEventSink } from '../../shared/host/host-events';
import type { Notifier } from '../../shared/ports/notifier';

/** The static and instance slices of Electron's `Notification` the adapter uses. */
export interface NotificationClass {
  isSupported(): boolean;
  new (options: NotificationConstructorOptions): {
    show(): void;
    on(event: 'click', listener: () => void): unknown;
  };
}

export const createElectronNotifier = (Notification: NotificationClass, emit: HostEventSink): Notifier => ({
  show({ title, body, peerId }) {
    if (!Notification.isSupported()) {
      return Promise.resolve(false);
    }
    const notification = new Notification({ title, body });
    if (peerId) {
      notification.on('click', () => emit({ type: 'open-conversation', peerId }));
    }
    notification.show();
    return Promise.resolve(true);
  },
});
