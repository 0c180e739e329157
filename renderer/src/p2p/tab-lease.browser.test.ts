// The tab lease on Chromium's own Web Locks and BroadcastChannel. Two leases of one name in one page stand for
// two tabs: locks are shared per origin, and a channel's message reaches every other channel of its name.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTabLease, type TabLease } from './tab-lease';

const opened: TabLease[] = [];
let names = 0;
const freshName = () => `parley-online:test-${Date.now()}-${(names += 1)}`;
const lease = (name: string, onHandOverRequested = vi.fn()) => {
  const created = createTabLease(name, { onHandOverRequested });
  opened.push(created);
  return { lease: created, onHandOverRequested };
};

afterEach(async () => {
  await Promise.all(opened.splice(0).map((each) => each.close()));
});

describe('tab lease', () => {
  it('goes to the first tab; another finds it held, and gets it once the first lets go', async () => {
    const name = freshName();
    const first = lease(name);
    const second = lease(name);
    expect(await first.lease.acquire()).toBe(true);
    expect(await second.lease.acquire()).toBe(false);
    await first.lease.release();
    expect(await second.lease.acquire()).toBe(true);
    expect(await first.lease.acquire()).toBe(false);
  });

  it('is free again when the holding tab goes away', async () => {
    const name = freshName();
    const first = lease(name);
    expect(await first.lease.acquire()).toBe(true);
    await first.lease.close();
    expect(await lease(name).lease.acquire()).toBe(true);
  });

  it('hands over on request: the holder is asked, and the asking tab holds it once the holder lets go', async () => {
    const name = freshName();
    const holder = lease(name);
    const asking = lease(name);
    expect(await holder.lease.acquire()).toBe(true);
    let granted = false;
    const takeOver = asking.lease.acquire({ takeOver: true }).then((held) => (granted = held));
    await vi.waitFor(() => expect(holder.onHandOverRequested).toHaveBeenCalledTimes(1));
    // Until the holder has stopped and let go, the asking tab does not have it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(granted).toBe(false);
    await holder.lease.release();
    expect(await takeOver).toBe(true);
    expect(asking.onHandOverRequested).not.toHaveBeenCalled();
    expect(await holder.lease.acquire()).toBe(false);
  });

  it('asks only the holder of the same lease, and not tabs that merely wait', async () => {
    const name = freshName();
    const holder = lease(name);
    const waiting = lease(name);
    const otherIdentity = lease(freshName());
    expect(await holder.lease.acquire()).toBe(true);
    expect(await otherIdentity.lease.acquire()).toBe(true);
    expect(await waiting.lease.acquire()).toBe(false);
    const asking = lease(name);
    const takeOver = asking.lease.acquire({ takeOver: true });
    await vi.waitFor(() => expect(holder.onHandOverRequested).toHaveBeenCalledTimes(1));
    await holder.lease.release();
    expect(await takeOver).toBe(true);
    expect(waiting.onHandOverRequested).not.toHaveBeenCalled();
    expect(otherIdentity.onHandOverRequested).not.toHaveBeenCalled();
  });

  it('goes to the tab whose user clicked last when several ask', async () => {
    const name = freshName();
    const holder = lease(name);
    const [first, last] = [lease(name), lease(name)];
    expect(await holder.lease.acquire()).toBe(true);
    const firstAsks = first.lease.acquire({ takeOver: true });
    await vi.waitFor(() => expect(holder.onHandOverRequested).toHaveBeenCalledTimes(1));
    const lastAsks = last.lease.acquire({ takeOver: true });
    // The earlier asker steps back as soon as it hears the later one, before the holder lets go.
    expect(await firstAsks).toBe(false);
    await holder.lease.release();
    expect(await lastAsks).toBe(true);
    expect(await first.lease.acquire()).toBe(false);
  });

  it('never leaves an asking tab hanging when the lease changes hands as it asks', async () => {
    // A hands over to B; A's user clicks "Use here" again at once, while B is being granted the lock. Whether
    // B has run its lock callback by then or not, A ends up with the lease and B with nothing held.
    for (let round = 0; round < 20; round += 1) {
      const name = freshName();
      const a = lease(name);
      const b = createTabLease(name, { onHandOverRequested: () => void b.release() });
      opened.push(b);
      expect(await a.lease.acquire()).toBe(true);
      const bAsks = b.acquire({ takeOver: true });
      await vi.waitFor(() => expect(a.onHandOverRequested).toHaveBeenCalled());
      await a.lease.release();
      const aAsks = a.lease.acquire({ takeOver: true });
      expect(await aAsks).toBe(true);
      await bAsks;
      expect(await b.acquire()).toBe(false);
    }
  });

  it('stops waiting when released, and leaves the holder be', async () => {
    const name = freshName();
    const holder = lease(name);
    const asking = lease(name);
    expect(await holder.lease.acquire()).toBe(true);
    const takeOver = asking.lease.acquire({ takeOver: true });
    await vi.waitFor(() => expect(holder.onHandOverRequested).toHaveBeenCalled());
    await asking.lease.release();
    expect(await takeOver).toBe(false);
    await holder.lease.release();
    // The abandoned request took nothing: the lease is free for whoever asks next.
    expect(await lease(name).lease.acquire()).toBe(true);
  });

  it('ignores anything else on the channel: other shapes, extra fields, other leases', async () => {
    const name = freshName();
    const holder = lease(name);
    expect(await holder.lease.acquire()).toBe(true);
    const stranger = new BroadcastChannel('parley-tab-lease');
    for (const message of [
      'hand-over',
      { type: 'hand-over' },
      { type: 'hand-over', lease: name, extra: true },
      { type: 'take', lease: name },
      { type: 'hand-over', lease: `${name}-other` },
      { type: 'hand-over', lease: 42 },
      null,
    ]) {
      stranger.postMessage(message);
    }
    // A valid one last: once it is seen, all the others before it have been delivered too.
    stranger.postMessage({ type: 'hand-over', lease: name });
    await vi.waitFor(() => expect(holder.onHandOverRequested).toHaveBeenCalled());
    expect(holder.onHandOverRequested).toHaveBeenCalledTimes(1);
    stranger.close();
  });
});
