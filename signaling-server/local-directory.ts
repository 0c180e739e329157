// The peer directory of a single instance: a map from peer key to its live connection.
import type { DirectoryEvents, PeerDirectory, PeerKey, LocalPeer } from './peer-directory';
import { REPLACED_CLOSE_CODE, REPLACED_REASON } from '../shared/signaling/close-codes';

export const createLocalDirectory = (events: DirectoryEvents): PeerDirectory => {
  const peers = new Map<PeerKey, LocalPeer>();
  return {
    register(key, peer) {
      const previous = peers.get(key);
      peers.set(key, peer);
      if (previous && previous !== peer) {
        previous.close(REPLACED_CLOSE_CODE, REPLACED_REASON);
      } else if (!previous) {
        events.presence(key, true);
      }
      return Promise.resolve();
    },
    unregister(key, peer) {
      // A replaced connection closing late must not evict its successor.
      if (peers.get(key) === peer) {
        peers.delete(key);
        events.presence(key, false);
      }
      return Promise.resolve();
    },
    relay(_from, to, text) {
      const target = peers.get(to);
      if (!target) {
        return 'offline';
      }
      return target.deliver(text) ? 'delivered' : 'busy';
    },
    bundle: (key) => Promise.resolve(peers.get(key)?.bundle ?? null),
    online: (keys) => Promise.resolve(keys.map((key) => peers.has(key))),
    local: (key) => peers.get(key),
    get localSize() {
      return peers.size;
    },
    close: () => Promise.resolve(),
  };
};
