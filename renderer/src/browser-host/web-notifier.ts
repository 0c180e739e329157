// Notifications from the Worker through the Web Notifications API (exposed to dedicated Workers); clicking one
// about a conversation asks the page to open it.
import type { HostEventSink } from '../../../shared/host/host-events';
import type { Notifier } from '../../../shared/ports/notifier';

export const createWebNotifier = (emit: HostEventSink): Notifier => ({
  show({ title, body, peerId }) {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') {
      return Promise.resolve(false);
    }
    const notification = new Notification(title, { body, ...(peerId ? { tag: peerId } : {}) });
    if (peerId) {
      notification.onclick = () => {
        emit({ type: 'open-conversation', peerId });
        notification.close();
      };
    }
    return Promise.resolve(true);
  },
});
