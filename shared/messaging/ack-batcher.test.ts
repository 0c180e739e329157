import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../testing/virtual-clock';
import { createAckBatcher } from './ack-batcher';
import { DEFAULT_RETRANSMIT_POLICY } from './delivery-types';
import { MAX_IDS_PER_FRAME, type Frame, type MessageId } from './message-format';
import type { ReceivedSequence } from './message-store';
import { BOB } from './testing/engine-pair';

const messageId = (n: number): MessageId => `01890000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

const setup = (seen: ReceivedSequence = { upTo: 0, above: [] }, ackDelayMs = 50) => {
  const clock = createVirtualClock();
  const frames: Extract<Frame, { k: 'ack' }>[] = [];
  const work: Promise<unknown>[] = [];
  const acks = createAckBatcher({
    store: { receivedSequence: () => Promise.resolve(seen) },
    clock,
    ackDelayMs,
    writeFrame: (_peer, frame) => {
      if (frame.k === 'ack') {
        frames.push(frame);
      }
      return Promise.resolve(true);
    },
    background: (task) => work.push(task),
  });
  return { clock, frames, acks, settled: () => Promise.all(work) };
};

describe('ack batcher', () => {
  it('acks a burst stored together in one frame, once the last of it is stored', async () => {
    const { acks, frames, settled } = setup();
    let release = (): void => undefined;
    const slowStore = new Promise<void>((resolve) => (release = resolve));
    const first = acks.whileStoring(BOB, async () => {
      acks.queue(BOB, messageId(1));
      await slowStore;
    });
    await acks.whileStoring(BOB, () => {
      acks.queue(BOB, messageId(2));
      return Promise.resolve();
    });
    expect(frames).toHaveLength(0);
    release();
    await first;
    await settled();
    expect(frames.map((frame) => frame.ids)).toEqual([[messageId(1), messageId(2)]]);
  });

  it('sends a full frame at once without waiting for the timer', async () => {
    const { acks, frames, settled } = setup();
    for (let n = 1; n <= MAX_IDS_PER_FRAME + 3; n += 1) {
      acks.queue(BOB, messageId(n));
    }
    await settled();
    expect(frames[0]?.ids).toHaveLength(MAX_IDS_PER_FRAME);
    expect(frames.flatMap((frame) => frame.ids)).toHaveLength(MAX_IDS_PER_FRAME + 3);
  });

  it('acks each message of a steady 100-per-second stream as soon as it is stored, with the default delay', async () => {
    const { acks, frames, clock, settled } = setup(undefined, DEFAULT_RETRANSMIT_POLICY.ackDelayMs);
    for (let n = 1; n <= 20; n += 1) {
      // One message every 10 ms, each taking 2 to 4 ms to store.
      const storeMs = n % 2 === 1 ? 4 : 2;
      await acks.whileStoring(BOB, async () => {
        await clock.advance(storeMs);
        acks.queue(BOB, messageId(n));
      });
      await settled();
      // Acked the moment its storing ended, not held back for the previous ack frame's sake.
      expect(frames.at(-1)?.ids).toEqual([messageId(n)]);
      await clock.advance(10 - storeMs);
    }
    expect(frames).toHaveLength(20);
  });

  it('names the gaps above the contiguous prefix, at most 64 per frame', async () => {
    const above = [5, 7, ...Array.from({ length: 100 }, (_, i) => 200 + i * 2)];
    const { acks, frames, clock, settled } = setup({ upTo: 3, above });
    acks.queue(BOB, messageId(1));
    await clock.advance(50);
    await settled();
    const missing = frames[0]?.missing ?? [];
    expect(frames[0]?.upTo).toBe(3);
    expect(missing.slice(0, 3)).toEqual([4, 6, 8]);
    expect(missing).toHaveLength(64);
    expect(missing.every((seq) => !above.includes(seq) && seq > 3)).toBe(true);
  });

  it('sends nothing after stop', async () => {
    const { acks, frames, clock, settled } = setup();
    acks.queue(BOB, messageId(1));
    acks.stop();
    await clock.advance(1_000);
    await settled();
    expect(frames).toHaveLength(0);
  });

  it('starts nothing for a message whose storing finishes after stop', async () => {
    const { acks, frames, clock, settled } = setup();
    let release = (): void => undefined;
    const storing = acks.whileStoring(BOB, async () => {
      await new Promise<void>((resolve) => (release = resolve));
      acks.queue(BOB, messageId(1));
    });
    acks.stop();
    release();
    await storing;
    expect(clock.pending).toBe(0);
    await clock.advance(1_000);
    await settled();
    expect(frames).toHaveLength(0);
  });
});
