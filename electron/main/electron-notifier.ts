// The Notifier port over Electron's Notification class.
import type { NotificationConstructorOptions } from 'electron';
import type { Notifier } from '../../shared/ports/notifier';

/** The static and instance slices of Electron's `Notification` the adapter uses. */
export interface NotificationClass {
  isSupported(): boolean;
  new (options: NotificationConstructorOptions): { show(): void };
}

export const createElectronNotifier = (Notification: NotificationClass): Notifier => ({
  show({ title, body }) {
    if (!Notification.isSupported()) {
      return Promise.resolve(false);
    }
    new Notification({ title, body }).show();
    return Promise.resolve(true);
  },
});
