// Who on this instance asked to hear about whom. Presence changes come from the directory (this instance's or,
// with Redis, any instance's); each goes only to the connections that watch that exact realm and peer ID.
import type { PeerKey } from './peer-directory';

export interface PresenceWatcher {
  notify(key: PeerKey, online: boolean): void;
}

export interface PresenceHub {
  /** Adds keys to a watcher's set; false (and nothing added) when that would exceed `maxPerWatcher`. */
  watch(watcher: PresenceWatcher, keys: readonly PeerKey[]): boolean;
  unwatch(watcher: PresenceWatcher, keys: readonly PeerKey[]): void;
  forget(watcher: PresenceWatcher): void;
  publish(key: PeerKey, online: boolean): void;
  /** Distinct keys watched on this instance. */
  readonly size: number;
}

export const createPresenceHub = (maxPerWatcher: number): PresenceHub => {
  const watchersOf = new Map<PeerKey, Set<PresenceWatcher>>();
  const watchedBy = new Map<PresenceWatcher, Set<PeerKey>>();

  const remove = (watcher: PresenceWatcher, key: PeerKey): void => {
    const watchers = watchersOf.get(key);
    watchers?.delete(watcher);
    if (watchers?.size === 0) {
      watchersOf.delete(key);
    }
  };

  return {
    watch(watcher, keys) {
      const own = watchedBy.get(watcher) ?? new Set<PeerKey>();
      const added = keys.filter((key) => !own.has(key));
      if (own.size + new Set(added).size > maxPerWatcher) {
        return false;
      }
      watchedBy.set(watcher, own);
      for (const key of added) {
        own.add(key);
        const watchers = watchersOf.get(key) ?? new Set<PresenceWatcher>();
        watchers.add(watcher);
        watchersOf.set(key, watchers);
      }
      return true;
    },
    unwatch(watcher, keys) {
      const own = watchedBy.get(watcher);
      for (const key of keys) {
        own?.delete(key);
        remove(watcher, key);
      }
    },
    forget(watcher) {
      for (const key of watchedBy.get(watcher) ?? []) {
        remove(watcher, key);
      }
      watchedBy.delete(watcher);
    },
    publish(key, online) {
      for (const watcher of watchersOf.get(key) ?? []) {
        watcher.notify(key, online);
      }
    },
    get size() {
      return watchersOf.size;
    },
  };
};
