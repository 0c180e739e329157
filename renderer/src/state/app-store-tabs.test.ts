// The app store's start-up: unlocking a passphrase-protected identity, and messaging in one tab at a time (the
// lease, "Use here", and an identity another tab changed), over the same kit as app-store.test.ts.
import { describe, expect, it, vi } from 'vitest';
import { BOB, memoryHost, memoryTabLeases, setup } from './testing/app-store-kit';

/** Tabs of one origin: shared host storage and tab leases. */
const oneOrigin = () => {
  const host = memoryHost();
  const tabLease = memoryTabLeases();
  return { host, tab: (options: Parameters<typeof setup>[0] = {}) => setup({ host, tabLease, ...options }) };
};

/** One origin, and a first tab in which Alice created her identity (so it runs her messaging). */
const aliceInFirstTab = async () => {
  const origin = oneOrigin();
  const first = origin.tab();
  await first.store.getState().createIdentity('Alice');
  return { ...origin, first };
};

describe('app store across tabs', () => {
  it('asks to unlock a passphrase-protected identity at start-up and stays locked on a failed unlock', async () => {
    const { store } = setup({ lockedVault: true });
    await store.getState().load();
    expect(store.getState().keyProtection).toBe('passphrase');
    expect(store.getState().phase).toBe('locked');
    await store.getState().unlock('wrong passphrase');
    expect(store.getState().phase).toBe('locked');
    expect(store.getState().error).toBeTruthy();
  });

  it('runs messaging in one tab at a time, and hands it over when another tab’s user asks', async () => {
    const { tab, first } = await aliceInFirstTab();
    expect(first.store.getState().phase).toBe('ready');

    // A second tab of the same identity (same host storage) stays out of the way: no engine, no archive.
    const second = tab();
    await second.store.getState().load();
    expect(second.store.getState()).toMatchObject({ phase: 'elsewhere', archive: null });
    expect(second.sessions.started).toBe(0);

    // "Use here": the first tab stops its engine before the second starts one.
    await second.store.getState().takeOverHere();
    expect(first.sessions).toMatchObject({ started: 1, stopped: 1 });
    expect(first.store.getState()).toMatchObject({ phase: 'elsewhere', archive: null, connections: {} });
    expect(second.store.getState().phase).toBe('ready');
    expect(second.store.getState().archive).not.toBeNull();
    expect(second.sessions.started).toBe(1);

    // And back.
    await first.store.getState().takeOverHere();
    expect(second.sessions.stopped).toBe(1);
    expect(second.store.getState().phase).toBe('elsewhere');
    expect(first.store.getState().phase).toBe('ready');
    expect(first.sessions.started).toBe(2);
  });

  it('after a hand-over, ignores what the stopped session still reports, and takes back the identity as renamed', async () => {
    const { tab, first } = await aliceInFirstTab();
    const second = tab();
    await second.store.getState().load();
    await second.store.getState().takeOverHere();
    // The first tab's session, stopping, reports its connections closing: none of that is shown any more.
    first.emit({ type: 'connection', peer: BOB, state: { status: 'offline' } });
    first.emit({
      type: 'signaling',
      event: { type: 'state', state: { status: 'closed', reason: 'client closed' } },
    });
    expect(first.store.getState()).toMatchObject({ connections: {}, signaling: { status: 'idle' } });

    expect(await second.store.getState().renameIdentity('Alice B.')).toMatchObject({ ok: true });
    await first.store.getState().takeOverHere();
    expect(first.store.getState().identity?.displayName).toBe('Alice B.');
    expect(first.sessions.names).toEqual(['Alice', 'Alice B.']);
  });

  it('gives up on "Use here" when the other tab does not step back, and says so', async () => {
    const tabLease = memoryTabLeases();
    const { store } = setup({ tabLease, handOverTimeoutMs: 50 });
    await store.getState().createIdentity('Alice');
    // Another tab takes over, then never answers a request (stuck, or an older version).
    const other = tabLease(`parley-online:${store.getState().identity?.peerId ?? ''}`, {
      onHandOverRequested: () => undefined,
    });
    expect(await other.acquire({ takeOver: true })).toBe(true);
    expect(store.getState().phase).toBe('elsewhere');

    await store.getState().takeOverHere();
    expect(store.getState()).toMatchObject({
      phase: 'elsewhere',
      error: 'The other tab did not step back. Close it, or try again.',
    });
    // Once that tab is closed, "Use here" works.
    await other.close();
    await store.getState().takeOverHere();
    expect(store.getState()).toMatchObject({ phase: 'ready', error: null });
  });

  it('keeps the lease "Use here" took for as long as starting up then takes', async () => {
    const { tab } = await aliceInFirstTab();
    let entered: () => void = () => undefined;
    const starting = new Promise<void>((resolve) => (entered = resolve));
    let finish: () => void = () => undefined;
    const second = tab({
      handOverTimeoutMs: 1_000,
      starting: () => {
        entered();
        return new Promise((resolve) => (finish = resolve));
      },
    });
    await second.store.getState().load();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const takingOver = second.store.getState().takeOverHere();
      await starting;
      // The lease was granted; starting up now outlasts the time allowed for the other tab to step back.
      vi.advanceTimersByTime(1_000);
      finish();
      await takingOver;
    } finally {
      vi.useRealTimers();
    }
    expect(second.store.getState()).toMatchObject({ phase: 'ready', error: null });
    // So a third tab finds it held, and runs nothing.
    const third = tab();
    await third.store.getState().load();
    expect(third.store.getState().phase).toBe('elsewhere');
    expect(third.sessions.started).toBe(0);
  });

  it('runs the identity the vault holds now under its own lease, not the one it read before taking the lease', async () => {
    const { host, tab } = await aliceInFirstTab();
    const second = tab();
    await second.store.getState().load();
    expect(second.store.getState().phase).toBe('elsewhere');
    // Meanwhile another identity replaces Alice's in the vault (a restore over it, in some other tab).
    const elsewhere = memoryHost();
    await elsewhere.createIdentity({ displayName: 'Grace' });
    const exported = await elsewhere.exportIdentityBackup({ passphrase: 'backup passphrase' });
    const restored = await host.restoreIdentityBackup({
      backup: exported.ok ? exported.value.backup : '',
      passphrase: 'backup passphrase',
      replace: true,
    });
    const grace = restored.ok ? restored.value.peerId : null;

    // "Use here" gets Alice's lease, finds Grace in the vault, and runs her under her own lease.
    await second.store.getState().takeOverHere();
    expect(second.store.getState()).toMatchObject({ phase: 'ready', identity: { peerId: grace } });
    expect(second.sessions.names).toEqual(['Grace']);
    // So a third tab finds Grace's lease held, and runs nothing.
    const third = tab();
    await third.store.getState().load();
    expect(third.store.getState()).toMatchObject({ phase: 'elsewhere', identity: { peerId: grace } });
    expect(third.sessions.started).toBe(0);
  });

  it('starts up with the identity another tab created while this one showed onboarding', async () => {
    const { tab } = oneOrigin();
    const first = tab();
    const second = tab();
    await Promise.all([first.store.getState().load(), second.store.getState().load()]);
    expect(second.store.getState().phase).toBe('onboarding');
    await first.store.getState().createIdentity('Alice');
    await second.store.getState().createIdentity('Alice again');
    expect(second.store.getState()).toMatchObject({
      phase: 'elsewhere',
      error: null,
      identity: { displayName: 'Alice', peerId: first.store.getState().identity?.peerId },
    });
  });
});
