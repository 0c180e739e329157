// Notifications from the Worker through the Web Notifications API (exposed to dedicated Workers); clicking one
// about a conversation asks the page to open it.
import type { HostEventSink } from '../../../shared/host/host-events';
import { systemClock, type Clock } from '../../../shared/ports/clock';
import { createExpiryTimers, type Notifier } from '../../../shared/ports/notifier';

export const createWebNotifier = (emit: HostEventSink, clock: Clock = systemClock): Notifier => {
  // By conversation where there is one: a newer notification with the same tag replaces the older on screen.
  const expiring = createExpiryTimers<unknown>(clock);
  return {
    show({ title, body, peerId, expiresAt }) {
      if (
        typeof Notification === 'undefined' ||
        Notification.permission !== 'granted' ||
        (expiresAt !== undefined && expiresAt <= clock.now())
      ) {
        return Promise.resolve(false);
      }
      const notification = new Notification(title, { body, ...(peerId ? { tag: peerId } : {}) });
      // A disappearing message's notification leaves with it, from the screen or the notification centre.
      const key = peerId ?? notification;
      if (expiresAt === undefined) {
        expiring.cancel(key);
      } else {
        expiring.closeAt(key, expiresAt, () => notification.close());
      }
      if (peerId) {
        notification.onclick = () => {
          emit({ type: 'open-conversation', peerId });
          notification.close();
        };
      }
      return Promise.resolve(true);
    },
  };
};
