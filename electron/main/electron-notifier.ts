// The Notifier port over Electron's Notification class; clicking a notification about a conversation sends the
// renderer a host event to open it.
import type { NotificationConstructorOptions } from 'electron';
import type { HostEventSink } from '../../shared/host/host-events';
import { systemClock, type Clock } from '../../shared/ports/clock';
import { createExpiryTimers, type Notifier } from '../../shared/ports/notifier';

type NotificationEvent = 'click' | 'close' | 'failed';

/** The static and instance slices of Electron's `Notification` the adapter uses. */
export interface NotificationClass {
  isSupported(): boolean;
  new (options: NotificationConstructorOptions): {
    show(): void;
    close(): void;
    on(event: NotificationEvent, listener: () => void): unknown;
  };
}

/** Shown notifications kept referenced; past this many the oldest is let go (some platforms never say closed). */
const MAX_HELD = 100;

export interface ElectronNotifier extends Notifier {
  /** Notifications shown and not yet clicked, closed or failed. */
  readonly held: number;
  /** Notifications of disappearing messages waiting to be taken down at their expiry. */
  readonly expiring: number;
}

export const createElectronNotifier = (
  Notification: NotificationClass,
  emit: HostEventSink,
  clock: Clock = systemClock,
): ElectronNotifier => {
  // Electron keeps only a weak reference to a shown notification: unless something holds it, it can be
  // collected, with its click listener, while still on screen, and the click then does nothing.
  const held = new Set<object>();
  const expiring = createExpiryTimers<object>(clock);
  return {
    get held() {
      return held.size;
    },
    get expiring() {
      return expiring.size;
    },
    show({ title, body, peerId, expiresAt }) {
      if (!Notification.isSupported() || (expiresAt !== undefined && expiresAt <= clock.now())) {
        return Promise.resolve(false);
      }
      const notification = new Notification({ title, body });
      // A disappearing message's notification leaves the screen and the notification centre with it. Not only
      // while on screen: platforms report a popup moving into their notification centre as 'close' too.
      if (expiresAt !== undefined) {
        expiring.closeAt(notification, expiresAt, () => notification.close());
      }
      const release = () => held.delete(notification);
      const done = () => {
        release();
        expiring.cancel(notification);
      };
      if (peerId) {
        notification.on('click', () => emit({ type: 'open-conversation', peerId }));
      }
      notification.on('click', done);
      notification.on('close', release);
      notification.on('failed', done);
      held.add(notification);
      for (const oldest of held) {
        if (held.size <= MAX_HELD) {
          break;
        }
        held.delete(oldest);
      }
      notification.show();
      return Promise.resolve(true);
    },
  };
};
