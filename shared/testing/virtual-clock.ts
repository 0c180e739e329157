// Virtual time for tests: timers fire in order when the test advances the clock, so hours of retransmission
// backoff run in milliseconds, deterministically.
import type { Clock } from '../ports/clock';

export interface VirtualClock extends Clock {
  /** Runs every timer due within `ms`, in time order, letting promises settle between them. */
  advance(ms: number): Promise<void>;
  /** Advances in steps until `done()` or `limitMs` of virtual time has passed. */
  runUntil(done: () => boolean, limitMs: number, stepMs?: number): Promise<boolean>;
  readonly pending: number;
}

/** Lets chains of settled promises run (engines await store, then link, then store again). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 32; i += 1) {
    await Promise.resolve();
  }
};

/** One real macrotask turn, for work queued outside promises. */
const yieldToHost = (): Promise<void> => new Promise((resolve) => globalThis.setTimeout(resolve, 0));

export const createVirtualClock = (start = 1_750_000_000_000): VirtualClock => {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();

  const advance = async (ms: number): Promise<void> => {
    const until = now + ms;
    for (;;) {
      await settle();
      let dueId: number | null = null;
      let dueAt = Infinity;
      for (const [id, timer] of timers) {
        if (timer.at <= until && timer.at < dueAt) {
          dueAt = timer.at;
          dueId = id;
        }
      }
      if (dueId === null) {
        break;
      }
      const timer = timers.get(dueId);
      timers.delete(dueId);
      now = Math.max(now, dueAt);
      timer?.callback();
    }
    now = until;
    await yieldToHost();
  };

  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance,
    async runUntil(done, limitMs, stepMs = 100) {
      const deadline = now + limitMs;
      while (!done() && now < deadline) {
        await advance(stepMs);
      }
      return done();
    },
    get pending() {
      return timers.size;
    },
  };
};
