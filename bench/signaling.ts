// `npm run bench:signaling`: capacity, latency and memory of the signaling server. Every relay and every load
// client runs in its own process (bundled JavaScript on plain Node, as the parley-signaling bin is deployed), and
// all traffic stays on loopback (127.0.0.1).
//
// 1. Capacity: 1,000 authenticated peers in partner pairs exchange 400-byte signals in a closed loop. The window
//    of signals each peer keeps in flight doubles from 1 to 16 on one Parley instance (16: an offer and its trickled
//    ICE candidates are about ten signals sent back to back; more would measure a queue, not the relay), and the
//    fastest window is kept. At that window, the same offered load, three relays then take turns
//    for a few rounds (order reversed every other round, so drift cancels): one Parley instance; a bare `ws`
//    relay (bench/signaling/bare-relay.ts: no auth, no validation); and two Parley instances sharing Redis with
//    every signal crossing from one to the other. Rates are medians over rounds, ratios medians of per-round
//    ratios.
// 2. Latency: an open loop at half of Parley's maximum, rounds alternating with the bare relay at the same rate,
//    plus lower rates to show the curve. Latency is the recipient's receive time minus the send time, both read
//    in the same client process (partners live in the same process).
// 3. Idle connections: logins in steps of 1,000 on a fresh instance, its VmRSS read from /proc after each step.
//
// Relays (and Redis) are pinned to CPU 0 and load clients to the other CPUs (taskset), so two instances plus Redis
// get exactly the CPU one instance gets, and clients never take the relays' CPU. Each sample records the CPU used
// by relay, clients and everything else, since this may run on a shared machine. Identities are RSA-3072 keys
// made from a pool of primes (bench-only, insecure: see bench/signaling/insecure-rsa.ts), cached in bench/.cache/.
// SIGNALING_BENCH_CPU_PROF=1 also writes V8 CPU profiles of the Parley servers to bench/.cache/profiles/.
// Prints tables and writes bench/results/signaling.json with pass/fail for the performance goals.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { arch, cpus, platform, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bundleChild } from './signaling/child-bundle';
import type { RelayCalls, RelayReady } from './signaling/child-calls';
import { startChild, type Child } from './signaling/child-process';
import { measureCapacity, RELAY_NAMES, type RelayName } from './signaling/capacity-rounds';
import { startClientFleet } from './signaling/client-fleet';
import { printReport, type Goal } from './signaling/console-report';
import { loadIdentityPool } from './signaling/identity-pool';
import { measureIdleConnections } from './signaling/idle-connections';
import { PRIME_BITS } from './signaling/insecure-rsa';
import { startRedisServer } from '../signaling-server/testing/redis-server';
import { measureLatencies } from './signaling/latency-rounds';
import { disturbance, DISTURBED_CORES, type RelayUnderTest } from './signaling/relay-measurements';
import { PAYLOAD_BYTES } from './signaling/signal-wire';
import { machineInfo } from './machine-info';
import { writeResultsFile } from './results-file';
import { round1, round3 } from './statistics';
import { count, percent } from './text-table';

const CLIENT_PROCESSES = 4;
const THROUGHPUT_PEERS = 1_000;
const IDLE_CONNECTIONS = 12_000;
const IDLE_STEP = 1_000;
const MAX_WINDOW = 16;
const SEARCH_TIMING = { warmupMs: 1_000, measureMs: 2_000 };
const ROUNDS = 3;
const ROUND_TIMING = { warmupMs: 1_000, measureMs: 3_000 };
const HALF_LOAD = 0.5;
const LATENCY_ROUNDS = 3;
const LATENCY_TIMING = { warmupMs: 1_000, measureMs: 3_000 };
/** Lower loads, one run each, to show where the latency curve bends. */
const LATENCY_CURVE = [0.1, 0.25];
const CLOSE_GRACE_MS = 10_000;
/** Clients this busy (share of the cores they have), beside a relay below RELAY_BUSY, limit the rate. */
const CLIENT_BUSY = 0.9;
const RELAY_BUSY = 0.95;

const GOALS = {
  ratio: 0.7,
  p99MsAtHalfLoad: 20,
  idleConnections: 10_000,
  idleRssMb: 300,
  crossInstanceRatio: 0.6,
} as const;

const SERVER_PROCESS = new URL('./signaling/server-process.ts', import.meta.url);
const BARE_RELAY = new URL('./signaling/bare-relay.ts', import.meta.url);
const LOAD_CLIENT = new URL('./signaling/load-client-process.ts', import.meta.url);
const PROFILE_DIR = fileURLToPath(new URL('./.cache/profiles/', import.meta.url));

type Relay = Child<RelayCalls, RelayReady>;

const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Relays on CPU 0, clients on the rest; unpinned on one core or without taskset. */
const cpuPlan = (): {
  readonly relays: string;
  readonly clients: string;
  readonly clientCores: number;
} | null => {
  const cores = cpus().length;
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return cores < 2
    ? null
    : { relays: '0', clients: cores === 2 ? '1' : `1-${cores - 1}`, clientCores: cores - 1 };
};

const main = async () => {
  const startedAt = nowMs();
  const log = (line: string) => console.log(line);
  const pinning = cpuPlan();
  const profile = process.env.SIGNALING_BENCH_CPU_PROF === '1';
  if (profile) {
    mkdirSync(PROFILE_DIR, { recursive: true });
  }
  const identities = await loadIdentityPool(IDLE_CONNECTIONS, log);
  const throughputIdentities = identities.slice(0, THROUGHPUT_PEERS);
  const [serverScript, bareScript, clientScript] = await Promise.all(
    [SERVER_PROCESS, BARE_RELAY, LOAD_CLIENT].map(bundleChild),
  );
  if (!serverScript || !bareScript || !clientScript) {
    throw new Error('bundling failed');
  }

  // Everything started is stopped in reverse order, whatever happens.
  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stoppers.splice(0).reverse()) {
      await stop().catch((error: unknown) => console.error(`cleanup: ${String(error)}`));
    }
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  const startRelay = async (script: URL, args: readonly string[] = []): Promise<Relay> => {
    const relay = await startChild<RelayCalls, RelayReady>(script, {
      cpus: pinning?.relays ?? null,
      args,
      nodeOptions: profile && script === serverScript ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [],
    });
    stoppers.push(() => relay.stop());
    return relay;
  };
  /** Graceful close, and the process leaves on its own (writing its CPU profile, if asked for). */
  const closeRelay = async (relay: Relay): Promise<void> => {
    await relay.call('close', {});
    await relay.stop(CLOSE_GRACE_MS);
  };
  const expectPeers = async (relays: readonly Relay[], expected: number): Promise<void> => {
    const statuses = await Promise.all(relays.map((relay) => relay.call('status', {})));
    const peers = statuses.reduce((sum, status) => sum + status.connectedPeers, 0);
    if (peers !== expected) {
      throw new Error(`expected ${expected} registered peers, the relays hold ${peers}`);
    }
  };

  try {
    const fleet = await startClientFleet(clientScript, CLIENT_PROCESSES, pinning?.clients ?? null);
    stoppers.push(() => fleet.stop());

    log('starting one instance, the bare relay, and two instances sharing a fresh redis-server');
    const single = await startRelay(serverScript);
    const bare = await startRelay(bareScript);
    const redis = await startRedisServer({ cpus: pinning?.relays ?? null });
    stoppers.push(() => redis.stop());
    const instanceA = await startRelay(serverScript, [
      JSON.stringify({ redisUrl: redis.url, instanceId: 'a' }),
    ]);
    const instanceB = await startRelay(serverScript, [
      JSON.stringify({ redisUrl: redis.url, instanceId: 'b' }),
    ]);

    log(`connecting ${THROUGHPUT_PEERS} peers to each (full logins for Parley)`);
    const url = (relay: Relay) => relay.ready.signalingUrl;
    await fleet.connect('single', 'parley', [url(single), url(single)], throughputIdentities);
    await fleet.connect('bare', 'bare', [url(bare), url(bare)], throughputIdentities);
    await fleet.connect('cross', 'parley', [url(instanceA), url(instanceB)], throughputIdentities);
    await expectPeers([single], THROUGHPUT_PEERS);
    await expectPeers([bare], THROUGHPUT_PEERS);
    await expectPeers([instanceA, instanceB], THROUGHPUT_PEERS);

    const relays: Record<RelayName, RelayUnderTest> = {
      single: { label: 'Parley, one instance', group: 'single', pids: [single.pid] },
      bare: { label: 'bare ws relay', group: 'bare', pids: [bare.pid] },
      cross: {
        label: 'Parley, A -> B via Redis',
        group: 'cross',
        pids: [instanceA.pid, instanceB.pid, redis.pid],
      },
    };

    const measured = await measureCapacity(
      fleet,
      relays,
      { rounds: ROUNDS, maxWindow: MAX_WINDOW, searchTiming: SEARCH_TIMING, roundTiming: ROUND_TIMING },
      log,
    );
    const { capacity, ratio, crossInstanceRatio, relayCpuRatio } = measured;
    const latency = await measureLatencies(
      fleet,
      { parley: relays.single, bare: relays.bare },
      {
        maxSignalsPerSec: capacity.single.signalsPerSec,
        load: HALF_LOAD,
        rounds: LATENCY_ROUNDS,
        curve: LATENCY_CURVE,
        timing: LATENCY_TIMING,
      },
      log,
    );

    for (const group of RELAY_NAMES) {
      await fleet.disconnect(group);
    }
    for (const relay of [single, bare, instanceA, instanceB]) {
      await closeRelay(relay);
    }
    await redis.stop();

    log(`holding up to ${count(IDLE_CONNECTIONS)} idle registered connections on a fresh instance`);
    const idleServer = await startRelay(serverScript);
    const idle = await measureIdleConnections(fleet, idleServer, identities, IDLE_STEP, (sample) =>
      log(`  ${count(sample.connections)} connections: ${sample.rssMb.toFixed(1)} MB`),
    );
    await closeRelay(idleServer);
    const rssAtGoal =
      idle.samples.find((sample) => sample.connections >= GOALS.idleConnections)?.rssMb ?? null;

    const goals: Record<string, Goal> = {
      parleyAtLeast70PercentOfBareRelay: {
        pass: ratio >= GOALS.ratio,
        actual: round3(ratio),
        target: `>= ${GOALS.ratio}`,
      },
      p99Under20MsAtHalfLoad: {
        pass: latency.parley.p99Ms < GOALS.p99MsAtHalfLoad && latency.parley.delivered >= 0.99,
        actual: round3(latency.parley.p99Ms),
        target: `< ${GOALS.p99MsAtHalfLoad} ms`,
      },
      tenThousandIdleConnectionsUnder300MbRss: {
        pass: rssAtGoal !== null && rssAtGoal < GOALS.idleRssMb,
        actual: rssAtGoal === null ? `${idle.connections} connections` : round1(rssAtGoal),
        target: `< ${GOALS.idleRssMb} MB at ${count(GOALS.idleConnections)}`,
      },
      crossInstanceAtLeast60PercentOfOne: {
        pass: crossInstanceRatio >= GOALS.crossInstanceRatio,
        actual: round3(crossInstanceRatio),
        target: `>= ${GOALS.crossInstanceRatio}`,
      },
    };

    const notes: string[] = [];
    const clientCores = pinning?.clientCores ?? cpus().length;
    const bareClientBound =
      capacity.bare.clientCores >= CLIENT_BUSY * clientCores && capacity.bare.relayCores < RELAY_BUSY;
    if (bareClientBound) {
      notes.push(
        `the bare relay's rate was limited by the load clients (${percent(capacity.bare.clientCores)} of ` +
          `${clientCores} core(s)), not by the relay (${percent(capacity.bare.relayCores)}): its capacity is ` +
          `higher and \`ratio\` is an upper bound; per CPU-second of relay, Parley/bare = ${relayCpuRatio.toFixed(3)}.`,
      );
    }
    const allSamples = [
      ...measured.searchSteps,
      ...measured.rounds.flatMap((round) => Object.values(round)),
      ...[...latency.rounds, ...latency.curve].flatMap((pair) => [pair.parley, pair.bare]),
    ];
    const retried = allSamples.filter((sample) => sample.attempts > 1).length;
    const disturbed = allSamples.filter((sample) => disturbance(sample) > DISTURBED_CORES).length;
    if (retried > 0) {
      notes.push(
        `${retried} of ${allSamples.length} measurements were repeated because over ${percent(DISTURBED_CORES)} of ` +
          `a core was used outside the bench during them (another tenant, or steal); ${disturbed} stayed ` +
          'disturbed after the retries' +
          (disturbed > 0
            ? ' and may understate capacity or overstate latency: rerun on a quiet machine.'
            : '.'),
      );
    }
    const lost = allSamples.filter(
      (sample) =>
        Object.keys(sample.errors).length > 0 || ('unaccounted' in sample && sample.unaccounted > 0),
    );
    if (lost.length > 0) {
      notes.push(`${lost.length} measurements saw errors or lost signals; see the JSON.`);
    }

    const results = {
      name: 'signaling',
      timestamp: new Date().toISOString(),
      machine: {
        ...machineInfo(),
        memoryGb: round1(totalmem() / 1024 ** 3),
        platform: platform(),
        arch: arch(),
        pinning: pinning ? { relays: `CPU ${pinning.relays}`, clients: `CPU ${pinning.clients}` } : 'none',
      },
      method: {
        transport: 'WebSocket over loopback (127.0.0.1); every relay and client in its own process',
        runtime:
          'children bundled with esbuild (as the parley-signaling bin) and run on plain Node, no tsx; the Parley ' +
          "server processes set the bin's V8 flags (signaling-server/heap-tuning.ts: no allocation-site pretenuring)",
        clients: `${CLIENT_PROCESSES} load-client processes; partner peers live in the same process`,
        identities:
          `RSA-3072 key bundles verified by the server at every login; keys made from a pool of ${PRIME_BITS}-bit ` +
          'primes (bench-only, insecure); one bundle checked with verifyKeyBundle before the run',
        signal: `${PAYLOAD_BYTES}-byte payload in a protocol v1 signal frame; the bare relay gets {to, payload}`,
        serverLimits:
          'abuse limits lifted (frame rate, per-IP and total connections); everything else default',
        capacity:
          `closed loop, ${THROUGHPUT_PEERS} peers in partner pairs, each keeping \`window\` signals in flight; the ` +
          `window doubles from 1 to ${MAX_WINDOW} on one Parley instance (${SEARCH_TIMING.measureMs} ms per ` +
          `step after ${SEARCH_TIMING.warmupMs} ms) and the fastest is kept; then all three relays at that ` +
          `window, ${ROUNDS} rounds of ` +
          `${ROUND_TIMING.measureMs} ms each (order reversed every other round); medians over rounds`,
        bareRelay:
          'bench/signaling/bare-relay.ts: ws server; the first frame names the socket, then JSON.parse and ' +
          'JSON.stringify per signal; no auth, validation, limits or metrics',
        crossInstance:
          'two instances sharing one redis-server (no persistence); even peers on instance A, odd on B, so every ' +
          'signal crosses; both instances and Redis pinned to the one CPU a single instance gets',
        latency:
          `open loop at ${HALF_LOAD} x Parley's maximum, round-robin over senders on 1 ms ticks, ${LATENCY_ROUNDS} ` +
          `rounds alternating with the bare relay at the same rate, ${LATENCY_TIMING.measureMs} ms measured after ` +
          `${LATENCY_TIMING.warmupMs} ms; latency = receive time - send time on one process clock; medians over ` +
          `rounds; one run each at ${LATENCY_CURVE.join(' and ')} x for the curve`,
        idleConnections:
          `logins in steps of ${IDLE_STEP} on a fresh instance; VmRSS of /proc/<pid>/status after each step and ` +
          '1 s of quiet; rssMbPer1k is the least-squares slope',
        cpu:
          'cores = CPU time / wall time over the measured interval; relay = its processes (/proc/<pid>/stat), ' +
          'client = process.cpuUsage of the clients, other = /proc/stat user+nice+system minus both',
      },
      signalsPerSec: Math.round(capacity.single.signalsPerSec),
      bareSignalsPerSec: Math.round(capacity.bare.signalsPerSec),
      ratio: round3(ratio),
      p50MsAtHalfLoad: round3(latency.parley.p50Ms),
      p99MsAtHalfLoad: round3(latency.parley.p99Ms),
      connections: idle.connections,
      rssMbPer1k: round1(idle.rssMbPer1k),
      crossInstanceRatio: round3(crossInstanceRatio),
      crossInstanceSignalsPerSec: Math.round(capacity.cross.signalsPerSec),
      window: measured.window,
      relayCpuRatio: round3(relayCpuRatio),
      bareClientBound,
      capacity,
      latency,
      windowSearch: measured.searchSteps,
      rounds: measured.rounds,
      idle,
      notes,
      goals,
      allGoalsPass: Object.values(goals).every((goal) => goal.pass),
      durationSec: 0,
    };

    const medianOf = `median of ${LATENCY_ROUNDS}`;
    const latencyRows = [
      ...latency.curve.flatMap((point) => [
        { label: relays.single.label, sample: point.parley },
        { label: relays.bare.label, sample: point.bare },
      ]),
      { label: `${relays.single.label}, ${medianOf}`, sample: latency.parley },
      { label: `${relays.bare.label}, ${medianOf}`, sample: latency.bare },
    ];
    printReport({
      heading:
        `Parley signaling bench — Node ${results.machine.node}, ${results.machine.cpuModel}, ${results.machine.cores} cores` +
        (pinning
          ? `; relays on CPU ${pinning.relays}, load clients on CPU ${pinning.clients}`
          : '; unpinned'),
      capacityHeading:
        `capacity: closed loop, ${THROUGHPUT_PEERS} peers, ${PAYLOAD_BYTES}-byte payloads, window ${measured.window} ` +
        `per peer, median of ${ROUNDS} rounds`,
      capacity: RELAY_NAMES.map((name) => ({
        label: relays[name].label,
        ...capacity[name],
        vsBare: capacity[name].signalsPerSec / capacity.bare.signalsPerSec,
      })),
      latencyHeading: `latency: open loop; half of Parley's maximum is ${count(latency.signalsPerSec)} signals/s`,
      latency: latencyRows,
      idle,
      notes,
      goals,
    });

    results.durationSec = round1((nowMs() - startedAt) / 1000);
    writeResultsFile(results);
  } finally {
    await stopAll();
  }
};

await main();
