// One tab at a time runs an identity's messaging (its archive writes, outbox, sequence numbers and signaling
// connection): the browser build's counterpart of Electron's single-instance lock and the headless peer's store
// lock. A Web Lock per identity is the lease; it is held for as long as the tab runs the engine and goes away
// with the tab. A tab that finds it held waits for its user to choose "Use here", which asks the holder over a
// BroadcastChannel to stop and let go, then takes the lease. Waiting tabs do not queue by themselves: with
// several tabs open, the one the user clicked in is the one that takes over.
import { z } from 'zod';

export interface TabLeaseHooks {
  /** Another tab's user chose to use Parley there: stop what the lease guards, then `release()`. */
  onHandOverRequested(): void;
}

export interface TabLease {
  /**
   * Takes the lease: at once when no tab holds it, else resolves false. With `takeOver`, asks the holder to
   * hand over and waits for it instead; false then means `release()` was called while waiting.
   */
  acquire(options?: { readonly takeOver?: boolean }): Promise<boolean>;
  /** Lets the lease go (or stops waiting for it); resolves once other tabs can take it. */
  release(): Promise<void>;
  /** Releases and stops listening for hand-over requests. */
  close(): Promise<void>;
}

const CHANNEL_NAME = 'parley-tab-lease';

/** The one message tabs exchange; anything else on the channel (another version, a stray page) is ignored. */
const HandOverRequestSchema = z.strictObject({
  type: z.literal('hand-over'),
  lease: z.string().min(1).max(200),
});

/** The lease on running `peerId`'s messaging. */
export const onlineLeaseName = (peerId: string): string => `parley-online:${peerId}`;

type LeaseState =
  | { readonly kind: 'idle' }
  | {
      readonly kind: 'waiting';
      readonly takeOver: boolean;
      readonly abort: AbortController;
      readonly request: Promise<unknown>;
    }
  | { readonly kind: 'held'; readonly letGo: () => void; readonly request: Promise<unknown> };

export const createTabLease = (name: string, hooks: TabLeaseHooks): TabLease => {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
  let state: LeaseState = { kind: 'idle' };
  // The latest lock request; it settles once its lock is let go, or at once when none was granted.
  let request: Promise<unknown> = Promise.resolve();

  const release = async (): Promise<void> => {
    const previous = state;
    state = { kind: 'idle' };
    if (previous.kind === 'held') {
      previous.letGo();
    } else if (previous.kind === 'waiting') {
      previous.abort.abort();
    }
    await request.catch(() => undefined);
  };

  if (channel) {
    channel.onmessage = (event: MessageEvent<unknown>) => {
      const asked = HandOverRequestSchema.safeParse(event.data);
      if (!asked.success || asked.data.lease !== name) {
        return;
      }
      if (state.kind === 'held') {
        hooks.onHandOverRequested();
      } else if (state.kind === 'waiting' && state.takeOver) {
        // Another tab's user clicked after this one's: the latest click wins, and this tab stops waiting
        // (waiting on, it would be next in the lock's queue and take the lease from under that tab).
        void release();
      }
    };
  }

  /**
   * The lock callback: the lease is held until the promise it returns settles. A request given up after the
   * lock was granted but before this ran lets the lock go at once.
   */
  const hold =
    (resolve: (held: boolean) => void, abort: AbortController) =>
    (lock: Lock | null): Promise<void> | undefined => {
      if (!lock || abort.signal.aborted) {
        resolve(false);
        return undefined;
      }
      return new Promise<void>((letGo) => {
        state = { kind: 'held', letGo, request };
        resolve(true);
      });
    };

  return {
    acquire({ takeOver = false } = {}) {
      if (state.kind === 'held') {
        return Promise.resolve(true);
      }
      if (!locks) {
        // No Web Locks (engines older than 2022): nothing to coordinate with, so this tab runs as before.
        state = { kind: 'held', letGo: () => undefined, request };
        return Promise.resolve(true);
      }
      if (state.kind === 'waiting') {
        void release();
      }
      return new Promise<boolean>((resolve) => {
        const abort = new AbortController();
        if (takeOver) {
          const asking: z.infer<typeof HandOverRequestSchema> = { type: 'hand-over', lease: name };
          channel?.postMessage(asking);
        }
        // Without takeOver, only if no tab holds it. A wait given up rejects with an AbortError.
        request = locks
          .request(name, takeOver ? { signal: abort.signal } : { ifAvailable: true }, hold(resolve, abort))
          .catch(() => resolve(false));
        state = { kind: 'waiting', takeOver, abort, request };
      });
    },
    release,
    async close() {
      channel?.close();
      await release();
    },
  };
};

/**
 * Takes the lease. "Use here" waits for the holding tab to hand over, but not for ever: a tab that does not
 * answer (stuck, or an older version) must not leave this one waiting. Only that wait is timed (`timeoutMs`); a
 * lease once granted is kept however long starting up then takes, or a third tab could take it and run a second
 * engine.
 */
export const acquireLease = async (
  held: TabLease,
  takeOver: boolean,
  timeoutMs: number,
): Promise<'held' | 'elsewhere' | 'gave-up'> => {
  if (!takeOver) {
    return (await held.acquire()) ? 'held' : 'elsewhere';
  }
  const wait = { gaveUp: false };
  const timer = setTimeout(() => {
    wait.gaveUp = true;
    void held.release();
  }, timeoutMs);
  try {
    if (await held.acquire({ takeOver: true })) {
      return 'held';
    }
    return wait.gaveUp ? 'gave-up' : 'elsewhere';
  } finally {
    clearTimeout(timer);
  }
};
