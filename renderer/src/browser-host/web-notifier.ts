// Notifications from the Worker through the Web Notifications API (exposed to dedicated Workers).
import type { Notifier } from '../../../shared/ports/notifier';

export const createWebNotifier = (): Notifier => ({
  show({ title, body }) {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') {
      return Promise.resolve(false);
    }
    new Notification(title, { body });
    return Promise.resolve(true);
  },
});
