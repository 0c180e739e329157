// Desktop notifications; returns false when the platform or the user does not allow them. A notification about
// a conversation opens it when clicked (the notifier reports the click as a host event).
import type { PeerId } from '../identity/peer-id';

export interface Notifier {
  show(notification: {
    readonly title: string;
    readonly body: string;
    readonly peerId?: PeerId;
  }): Promise<boolean>;
}
