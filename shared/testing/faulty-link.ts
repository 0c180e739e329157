// A transport that misbehaves on purpose, for reliability tests: it drops, duplicates, delays and reorders
// frames, and can be cut. Randomness and time are passed in, so a failing run replays exactly from its seed.
import type { Clock } from '../ports/clock';

export interface Faults {
  /** Probability a frame is lost. */
  readonly drop: number;
  /** Probability a frame arrives twice. */
  readonly duplicate: number;
  /** Each delivery takes `latencyMs` plus up to `jitterMs` more, so frames overtake each other. */
  readonly latencyMs: number;
  readonly jitterMs: number;
}

export const NO_FAULTS: Faults = { drop: 0, duplicate: 0, latencyMs: 1, jitterMs: 0 };

export interface FaultyLink {
  send(frame: Uint8Array): Promise<boolean>;
  /** Cuts the link: frames in flight are lost and sends fail from now on. */
  cut(): void;
  readonly stats: { sent: number; dropped: number; duplicated: number; delivered: number };
}

export const createFaultyLink = (deps: {
  readonly clock: Clock;
  readonly random: () => number;
  readonly faults: Faults;
  readonly deliver: (frame: Uint8Array) => void;
}): FaultyLink => {
  let alive = true;
  const stats = { sent: 0, dropped: 0, duplicated: 0, delivered: 0 };
  const later = (frame: Uint8Array): void => {
    const delay = deps.faults.latencyMs + deps.random() * deps.faults.jitterMs;
    deps.clock.setTimeout(() => {
      if (alive) {
        stats.delivered += 1;
        deps.deliver(frame);
      }
    }, delay);
  };
  return {
    send(frame) {
      if (!alive) {
        return Promise.resolve(false);
      }
      stats.sent += 1;
      if (deps.random() < deps.faults.drop) {
        stats.dropped += 1;
        return Promise.resolve(true);
      }
      // A copy: the sender may reuse its buffer, as a real channel allows.
      const copy = frame.slice();
      later(copy);
      if (deps.random() < deps.faults.duplicate) {
        stats.duplicated += 1;
        later(copy);
      }
      return Promise.resolve(true);
    },
    cut() {
      alive = false;
    },
    stats,
  };
};

/** A small seeded PRNG (mulberry32), so fault patterns are reproducible. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
