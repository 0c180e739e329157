// The client's frame pacing on virtual time: a burst goes at once, the rest in order at the rate, and the wait is
// bounded; the server-side limit it stays under is tested against the real server in signal-relay tests.
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../testing/virtual-clock';
import { createFramePacer } from './frame-pacer';

describe('frame pacer', () => {
  it('sends a burst at once, then the rest in order at the rate', async () => {
    const clock = createVirtualClock(0);
    const pacer = createFramePacer(clock, { ratePerSecond: 10, burst: 5, maxQueued: 100 });
    const sent: number[] = [];
    for (let n = 0; n < 30; n += 1) {
      expect(pacer.push(() => sent.push(n))).toBe(true);
    }
    expect(sent).toEqual([0, 1, 2, 3, 4]);
    await clock.advance(1_000);
    expect(sent).toEqual(Array.from({ length: 15 }, (_, n) => n));
    // A frame pushed meanwhile waits behind the queue, even when a token is there.
    await clock.advance(1_000);
    pacer.push(() => sent.push(99));
    await clock.advance(10_000);
    expect(sent).toEqual([...Array.from({ length: 30 }, (_, n) => n), 99]);
    expect(clock.pending).toBe(0);
  });

  it('refuses past the bound of its queue, and drops the queue when cleared', async () => {
    const clock = createVirtualClock(0);
    const pacer = createFramePacer(clock, { ratePerSecond: 1, burst: 1, maxQueued: 2 });
    const sent: string[] = [];
    expect([1, 2, 3, 4].map((n) => pacer.push(() => sent.push(`frame ${String(n)}`)))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    pacer.clear();
    expect(clock.pending).toBe(0);
    await clock.advance(10_000);
    expect(sent).toEqual(['frame 1']);
  });
});
