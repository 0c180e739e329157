// Several signaling instances sharing one real redis-server: peers on different instances reach each other,
// look each other up and follow each other's presence; when an instance is killed its peers go offline for
// their watchers, and its clients reconnect through the load balancer to a survivor and carry on.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignalingServer, type RunningSignalingServer } from './server';
import { startRedisServer, type RunningRedis } from './testing/redis-server';
import { startSignalingProcess } from './testing/signaling-process';
import {
  connectClient,
  isClosed,
  isError,
  isPresence,
  isReady,
  isSignal,
  newIdentity,
  signalUntilReceived,
  silentLogger,
  type TestIdentity,
} from './testing/signaling-test-kit';
import { startTcpBalancer } from './testing/tcp-balancer';

const INSTANCE_TTL_MS = 1_000;

describe('signaling scale-out through Redis', () => {
  let redis: RunningRedis;
  let a: RunningSignalingServer;
  let b: RunningSignalingServer;
  let alice: TestIdentity;
  let bob: TestIdentity;
  let carol: TestIdentity;
  let dave: TestIdentity;

  const instance = (instanceId: string) =>
    startSignalingServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      redisUrl: redis.url,
      instanceId,
      instanceTtlMs: INSTANCE_TTL_MS,
      // All instances must agree on the name clients sign, as behind one public address.
      serverId: 'signal.parley.test',
    });

  beforeAll(async () => {
    redis = await startRedisServer();
    // Each instance that started is kept, so afterAll closes it even if the other failed to start.
    const [first, second] = await Promise.allSettled([instance('a'), instance('b')]);
    if (first.status === 'fulfilled') {
      a = first.value;
    }
    if (second.status === 'fulfilled') {
      b = second.value;
    }
    for (const started of [first, second]) {
      if (started.status === 'rejected') {
        throw started.reason;
      }
    }
    [alice, bob, carol, dave] = await Promise.all([
      newIdentity('Alice'),
      newIdentity('Bob'),
      newIdentity('Carol'),
      newIdentity('Dave'),
    ]);
  }, 30_000);
  afterAll(async () => {
    // A beforeAll that failed leaves some of these unset, whatever their types say, and its error is the one to
    // see. redis-server is stopped whether or not the instances close.
    const started: Partial<{ redis: RunningRedis; a: RunningSignalingServer; b: RunningSignalingServer }> = {
      redis,
      a,
      b,
    };
    const closed = await Promise.allSettled([started.a?.close(), started.b?.close()]);
    await started.redis?.stop();
    for (const result of closed) {
      if (result.status === 'rejected') {
        throw result.reason;
      }
    }
  });

  it('relays signals both ways between peers on different instances', async () => {
    const onA = connectClient(a.signalingUrl, alice);
    const onB = connectClient(b.signalingUrl, bob);
    await Promise.all([onA.next(isReady), onB.next(isReady)]);
    onA.client.sendSignal(bob.peerId, 'offer via redis');
    expect(await onB.next(isSignal)).toEqual({
      type: 'signal',
      from: alice.peerId,
      payload: 'offer via redis',
    });
    onB.client.sendSignal(alice.peerId, 'answer via redis');
    expect(await onA.next(isSignal)).toEqual({
      type: 'signal',
      from: bob.peerId,
      payload: 'answer via redis',
    });

    // Each instance counts the signal it handed to the other's channel.
    for (const instance of [a, b]) {
      const metrics = await (await fetch(`${instance.httpUrl}/metrics`)).text();
      expect(metrics).toMatch(/^parley_signaling_signals_relayed_total [1-9]/m);
    }

    const bobBundle = await bob.service.current();
    expect(await onA.client.lookup(bob.peerId)).toEqual({
      ok: true,
      value: bobBundle.ok ? bobBundle.value?.keyBundle : null,
    });
    onA.client.close();
    onB.client.close();
  });

  it('tells a sender on one instance that a peer is offline everywhere', async () => {
    const onA = connectClient(a.signalingUrl, alice);
    await onA.next(isReady);
    onA.client.sendSignal(carol.peerId, 'anyone?', 'ref-1');
    expect(await onA.next(isError)).toMatchObject({ code: 'SIGNAL_PEER_OFFLINE', ref: 'ref-1' });
    onA.client.close();
  });

  it('follows presence across instances', async () => {
    const watcher = connectClient(a.signalingUrl, alice);
    await watcher.next(isReady);
    watcher.client.watch([carol.peerId]);
    expect(await watcher.next(isPresence)).toMatchObject({ peerId: carol.peerId, online: false });
    const onB = connectClient(b.signalingUrl, carol);
    await onB.next(isReady);
    expect(await watcher.next(isPresence)).toMatchObject({ peerId: carol.peerId, online: true });
    onB.client.close();
    expect(await watcher.next(isPresence)).toMatchObject({ peerId: carol.peerId, online: false });
    watcher.client.close();
  });

  it('replaces a connection on another instance when the same peer registers again', async () => {
    const first = connectClient(a.signalingUrl, carol);
    await first.next(isReady);
    const watcher = connectClient(b.signalingUrl, alice);
    await watcher.next(isReady);
    watcher.client.watch([carol.peerId]);
    expect(await watcher.next(isPresence)).toMatchObject({ online: true });
    const second = connectClient(b.signalingUrl, carol);
    await second.next(isReady);
    expect((await first.next(isClosed)).state).toMatchObject({ reason: 'replaced by a newer connection' });
    watcher.client.sendSignal(carol.peerId, 'to the newest');
    expect(await second.next(isSignal)).toMatchObject({ payload: 'to the newest' });
    // A replacement is not a departure: no offline presence was sent.
    expect(watcher.all().filter(isPresence)).toEqual([]);
    second.client.close();
    watcher.client.close();
  });

  it('forwards a signal once when the recipient moved since the sender last reached it', async () => {
    const c = await instance('c');
    try {
      const sender = connectClient(a.signalingUrl, alice);
      const onB = connectClient(b.signalingUrl, bob);
      await Promise.all([sender.next(isReady), onB.next(isReady)]);
      // Instance A learns that Bob is on B.
      sender.client.sendSignal(bob.peerId, 'first');
      expect(await onB.next(isSignal)).toMatchObject({ payload: 'first' });
      // Bob moves to C (a replacement: no presence change reaches A's cache).
      const onC = connectClient(c.signalingUrl, bob);
      await onC.next(isReady);
      await onB.next(isClosed);
      sender.client.sendSignal(bob.peerId, 'after the move', 'moved');
      expect(await onC.next(isSignal)).toMatchObject({ payload: 'after the move' });
      sender.client.sendSignal(bob.peerId, 'and again');
      expect(await onC.next(isSignal)).toMatchObject({ payload: 'and again' });
      expect(sender.all().filter(isError)).toEqual([]);
      sender.client.close();
      onC.client.close();
    } finally {
      await c.close();
    }
  });

  it('ignores malformed messages on its Redis channels and keeps relaying', async () => {
    const intruder = new Redis(redis.url);
    try {
      const onA = connectClient(a.signalingUrl, alice);
      const onB = connectClient(b.signalingUrl, bob);
      await Promise.all([onA.next(isReady), onB.next(isReady)]);
      const garbage = [
        'not json',
        '[{"k":"signal"}]\nx',
        `[{"k":"signal","from":"default/${alice.peerId}","fromInstance":"a","to":"default/${bob.peerId}","hops":7,"n":1}]\nx`,
        `[{"k":"signal","from":"default/${alice.peerId}","fromInstance":"a","to":"default/${bob.peerId}","hops":0,"n":1,"extra":1}]\nx`,
        '{"k":"replaced","key":"../../etc","conn":"x"}',
        '{"key":"default/nobody","online":true}',
      ];
      for (const message of garbage) {
        await intruder.publish('parley:relay:b', message);
        await intruder.publish('parley:presence', message);
      }
      onA.client.sendSignal(bob.peerId, 'still relayed');
      expect(await onB.next(isSignal)).toMatchObject({ payload: 'still relayed' });
      // Nothing of the garbage reached Bob.
      expect(onB.all().filter(isSignal)).toEqual([]);
      onA.client.close();
      onB.client.close();
    } finally {
      intruder.disconnect();
    }
  });

  it('survives a killed instance: its peers go offline for watchers, its clients move and carry on', async () => {
    const doomed = await startSignalingProcess([
      '--redis-url',
      redis.url,
      '--instance-id',
      'doomed',
      '--instance-ttl',
      String(INSTANCE_TTL_MS),
      '--server-id',
      'signal.parley.test',
      '--log-level',
      'info',
    ]);
    let doomedAlive = true;
    // The load balancer sends new connections to the doomed instance while it lives, then to instance B.
    const balancer = await startTcpBalancer(() =>
      doomedAlive ? [doomed.port] : [doomed.port, Number(new URL(b.signalingUrl).port)],
    );
    const viaBalancer = `ws://127.0.0.1:${balancer.port}/signal`;
    try {
      const roaming = connectClient(viaBalancer, bob, { reconnect: true });
      const stranded = connectClient(viaBalancer, dave);
      await Promise.all([roaming.next(isReady), stranded.next(isReady)]);
      const watcher = connectClient(a.signalingUrl, alice);
      await watcher.next(isReady);
      watcher.client.watch([bob.peerId, dave.peerId]);
      const initial = [await watcher.next(isPresence), await watcher.next(isPresence)];
      expect(initial.every((event) => event.online)).toBe(true);
      watcher.client.sendSignal(bob.peerId, 'before');
      expect(await roaming.next(isSignal)).toMatchObject({ payload: 'before' });

      doomedAlive = false;
      await doomed.kill('SIGKILL');
      // Dave does not come back: once the dead instance's liveness key expires, a survivor reaps it.
      expect(await watcher.next(isPresence, 10_000)).toEqual({
        type: 'presence',
        peerId: dave.peerId,
        online: false,
      });
      // Bob reconnects through the balancer, lands on B, and signals flow again.
      await roaming.next(isReady, 10_000);
      await signalUntilReceived(watcher, bob, roaming, 'after');
      roaming.client.close();
      stranded.client.close();
      watcher.client.close();
    } finally {
      doomedAlive = false;
      await doomed.kill('SIGKILL');
      await balancer.close();
    }
  }, 30_000);

  it('drains on SIGTERM: the instance leaves Redis clean and exits 0', async () => {
    const leaving = await startSignalingProcess(['--redis-url', redis.url, '--instance-id', 'leaving']);
    const peer = connectClient(leaving.signalingUrl, carol, { reconnect: false });
    await peer.next(isReady);
    const watcher = connectClient(a.signalingUrl, alice);
    await watcher.next(isReady);
    watcher.client.watch([carol.peerId]);
    expect(await watcher.next(isPresence)).toMatchObject({ online: true });
    expect(await leaving.kill('SIGTERM')).toBe(0);
    expect((await peer.next(isClosed)).state).toMatchObject({ reason: 'server shutting down' });
    // Offline at once, not after the liveness timeout.
    expect(await watcher.next(isPresence, 2_000)).toMatchObject({ peerId: carol.peerId, online: false });
    watcher.client.close();
  }, 20_000);
});
