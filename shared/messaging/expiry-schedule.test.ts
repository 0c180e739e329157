// The expiry schedule purges at each expiry the archive holds, as soon as it passes, and never sooner.
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../testing/virtual-clock';
import { RETRY_AFTER_FAILED_PURGE_MS, startExpirySchedule } from './expiry-schedule';

/** An archive of expiry times; a purge removes those past and records when it ran. */
const fakeArchive = (clock: { now(): number }, expiries: number[]) => {
  const purgedAt: number[] = [];
  return {
    expiries,
    purgedAt,
    nextExpiry: () => Promise.resolve(expiries.length === 0 ? undefined : Math.min(...expiries)),
    purgeExpired: () => {
      purgedAt.push(clock.now());
      expiries.splice(0, expiries.length, ...expiries.filter((at) => at > clock.now()));
      return Promise.resolve();
    },
  };
};

describe('expiry schedule', () => {
  it('purges at each stored expiry in turn, then waits without spinning', async () => {
    const clock = createVirtualClock(0);
    const archive = fakeArchive(clock, [5_000, 1_000, 60_000]);
    const schedule = startExpirySchedule({ clock, ...archive });
    await clock.advance(999);
    expect(archive.purgedAt).toEqual([]);
    await clock.advance(100_000);
    expect(archive.purgedAt).toEqual([1_000, 5_000, 60_000]);
    expect(archive.expiries).toEqual([]);
    expect(clock.pending).toBe(0);
    schedule.stop();
  });

  it('moves forward for a new message that expires sooner, and keeps the later one', async () => {
    const clock = createVirtualClock(0);
    const archive = fakeArchive(clock, [3_600_000]);
    const schedule = startExpirySchedule({ clock, ...archive });
    await clock.advance(10);
    archive.expiries.push(30_000);
    schedule.expireAt(30_000);
    await clock.advance(30_000);
    expect(archive.purgedAt).toEqual([30_000]);
    await clock.advance(3_600_000);
    expect(archive.purgedAt).toEqual([30_000, 3_600_000]);
    schedule.stop();
  });

  it('waits a minute before trying again when a purge leaves expired messages behind', async () => {
    const clock = createVirtualClock(0);
    const attempts: number[] = [];
    // A purge that fails every time (the disk is full): nothing leaves the archive.
    const schedule = startExpirySchedule({
      clock,
      nextExpiry: () => Promise.resolve(1_000),
      purgeExpired: () => Promise.resolve(void attempts.push(clock.now())),
    });
    await clock.advance(150_000);
    expect(attempts).toEqual([
      1_000,
      1_000 + RETRY_AFTER_FAILED_PURGE_MS,
      1_000 + 2 * RETRY_AFTER_FAILED_PURGE_MS,
    ]);
    // A message that expires sooner than the retry is still purged on time.
    schedule.expireAt(160_000);
    await clock.advance(10_000);
    expect(attempts.at(-1)).toBe(160_000);
    schedule.stop();
  });

  it('tries again a minute later when the archive cannot be read or purged, with nothing unhandled', async () => {
    const clock = createVirtualClock(0);
    const attempts: number[] = [];
    let failing = true;
    // The archive closed or failed: every call rejects until it recovers.
    const schedule = startExpirySchedule({
      clock,
      nextExpiry: () => (failing ? Promise.reject(new Error('closed')) : Promise.resolve(1_000)),
      purgeExpired: () => {
        attempts.push(clock.now());
        return failing ? Promise.reject(new Error('closed')) : Promise.resolve();
      },
    });
    await clock.advance(RETRY_AFTER_FAILED_PURGE_MS);
    expect(attempts).toEqual([RETRY_AFTER_FAILED_PURGE_MS]);
    failing = false;
    await clock.advance(RETRY_AFTER_FAILED_PURGE_MS);
    expect(attempts).toEqual([RETRY_AFTER_FAILED_PURGE_MS, 2 * RETRY_AFTER_FAILED_PURGE_MS]);
    schedule.stop();
  });

  it('stops for good', async () => {
    const clock = createVirtualClock(0);
    const archive = fakeArchive(clock, [1_000]);
    const schedule = startExpirySchedule({ clock, ...archive });
    await clock.advance(1);
    schedule.stop();
    schedule.expireAt(2_000);
    await clock.advance(10_000);
    expect(archive.purgedAt).toEqual([]);
  });
});
