// Instances sharing one real redis-server get their registrations back after Redis loses them: when Redis
// restarts without its data, when an instance stalls past its liveness TTL and a survivor reaps it, and when an
// instance restarts under the same ID before its old liveness key expired.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSignalingServer, type RunningSignalingServer } from './server';
import { startRedisServer, type RunningRedis } from './testing/redis-server';
import { startSignalingProcess } from './testing/signaling-process';
import {
  connectClient,
  isError,
  isPresence,
  isReady,
  newIdentity,
  signalUntilReceived,
  silentLogger,
  type TestIdentity,
} from './testing/signaling-test-kit';

const INSTANCE_TTL_MS = 1_000;
const SERVER_ID = 'signal.parley.test';

describe('signaling registrations after Redis loses them', () => {
  let redis: RunningRedis;
  let a: RunningSignalingServer;
  let alice: TestIdentity;
  let bob: TestIdentity;

  beforeAll(async () => {
    redis = await startRedisServer();
    a = await startSignalingServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      redisUrl: redis.url,
      instanceId: 'a',
      instanceTtlMs: INSTANCE_TTL_MS,
      serverId: SERVER_ID,
    });
    [alice, bob] = await Promise.all([newIdentity('Alice'), newIdentity('Bob')]);
  }, 30_000);
  afterAll(async () => {
    // A beforeAll that failed leaves some of these unset, whatever their types say, and its error is the one to
    // see. redis-server is stopped whether or not the instance closes.
    const started: Partial<{ redis: RunningRedis; a: RunningSignalingServer }> = { redis, a };
    try {
      await started.a?.close();
    } finally {
      await started.redis?.stop();
    }
  });

  const processInstance = (instanceId: string) =>
    startSignalingProcess([
      '--redis-url',
      redis.url,
      '--instance-id',
      instanceId,
      '--instance-ttl',
      String(INSTANCE_TTL_MS),
      '--server-id',
      SERVER_ID,
    ]);

  it('registers its live connections again when Redis comes back empty', async () => {
    const other = await processInstance('b');
    try {
      const onB = connectClient(other.signalingUrl, bob);
      const onA = connectClient(a.signalingUrl, alice);
      await Promise.all([onA.next(isReady), onB.next(isReady)]);
      const admin = new Redis(redis.url);
      // What a restart of a Redis without persistence leaves.
      await admin.flushall();
      admin.disconnect();
      await signalUntilReceived(onA, bob, onB);
      await signalUntilReceived(onB, alice, onA);
      const bundle = await bob.service.current();
      expect(await onA.client.lookup(bob.peerId)).toEqual({
        ok: true,
        value: bundle.ok ? bundle.value?.keyBundle : null,
      });
      onA.client.close();
      onB.client.close();
    } finally {
      await other.kill('SIGKILL');
    }
  }, 30_000);

  it('comes back online for watchers when a stalled instance, reaped meanwhile, resumes', async () => {
    const stalling = await processInstance('stalling');
    try {
      const onStalling = connectClient(stalling.signalingUrl, bob);
      const watcher = connectClient(a.signalingUrl, alice);
      await Promise.all([onStalling.next(isReady), watcher.next(isReady)]);
      watcher.client.watch([bob.peerId]);
      expect(await watcher.next(isPresence)).toMatchObject({ peerId: bob.peerId, online: true });
      stalling.child.kill('SIGSTOP');
      // Past its TTL, instance A reaps it and tells the watcher Bob went offline.
      expect(await watcher.next(isPresence, 10_000)).toMatchObject({ peerId: bob.peerId, online: false });
      stalling.child.kill('SIGCONT');
      // Bob's socket never closed: once the instance beats again, he is back.
      expect(await watcher.next(isPresence, 10_000)).toMatchObject({ peerId: bob.peerId, online: true });
      await signalUntilReceived(watcher, bob, onStalling);
      onStalling.client.close();
      watcher.client.close();
    } finally {
      stalling.child.kill('SIGCONT');
      await stalling.kill('SIGKILL');
    }
  }, 30_000);

  it('refuses signals for other instances as busy while Redis stalls, instead of piling them up', async () => {
    const small = await startSignalingServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      redisUrl: redis.url,
      instanceId: 'small-backlog',
      instanceTtlMs: INSTANCE_TTL_MS,
      serverId: SERVER_ID,
      limits: { maxRedisBacklogBytes: 4 * 1024 },
    });
    try {
      const sender = connectClient(small.signalingUrl, alice);
      const receiver = connectClient(a.signalingUrl, bob);
      await Promise.all([sender.next(isReady), receiver.next(isReady)]);
      await signalUntilReceived(sender, bob, receiver);
      process.kill(redis.pid, 'SIGSTOP');
      try {
        const payload = 'x'.repeat(400);
        for (let n = 0; n < 30; n += 1) {
          sender.client.sendSignal(bob.peerId, payload, `stalled-${n}`);
        }
        expect(await sender.next(isError, 5_000)).toMatchObject({ code: 'SIGNAL_RECIPIENT_BUSY' });
      } finally {
        process.kill(redis.pid, 'SIGCONT');
      }
      await signalUntilReceived(sender, bob, receiver);
      sender.client.close();
      receiver.client.close();
    } finally {
      await small.close();
    }
  }, 30_000);

  it('reaps what it held before when restarted under the same ID within its TTL', async () => {
    const first = await processInstance('phoenix');
    const onFirst = connectClient(first.signalingUrl, bob);
    const watcher = connectClient(a.signalingUrl, alice);
    await Promise.all([onFirst.next(isReady), watcher.next(isReady)]);
    watcher.client.watch([bob.peerId]);
    expect(await watcher.next(isPresence)).toMatchObject({ peerId: bob.peerId, online: true });
    await first.kill('SIGKILL');
    // Back at once (a service manager restarting it), before its old liveness key expired: nobody reaps it,
    // so the new run must say its old connections are gone.
    const second = await processInstance('phoenix');
    try {
      expect(await watcher.next(isPresence, 10_000)).toMatchObject({ peerId: bob.peerId, online: false });
      expect(await watcher.client.lookup(bob.peerId)).toMatchObject({
        ok: false,
        error: { code: 'SIGNAL_PEER_OFFLINE' },
      });
      onFirst.client.close();
      watcher.client.close();
    } finally {
      await second.kill('SIGKILL');
    }
  }, 30_000);
});
