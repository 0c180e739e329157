// The two ways a client process loads a relay. Closed loop, for capacity: every peer keeps a window of signals in
// flight to its partner and each delivery triggers the next, so the load follows the relay's own pace and a wide
// enough window keeps it busy. Open loop, for latency: signals leave at a fixed rate whatever the relay does, as
// real traffic would, and each one's latency is its recipient's receive time minus its send time.
import { setTimeout as sleep } from 'node:timers/promises';
import type { LatencyResult, ThroughputResult } from './child-calls';
import { IGNORE_TRAFFIC, type PeerGroup } from './peer-group';

/** How long a finished run waits for its last signals, so the next run starts on an idle relay. */
const DRAIN_TIMEOUT_MS = 5_000;
/** The open loop's clock tick: sends that fell due since the last tick leave at once, each stamped as it leaves. */
const TICK_MS = 1;

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

const drained = async (inFlight: () => number): Promise<void> => {
  const deadline = performance.now() + DRAIN_TIMEOUT_MS;
  while (inFlight() > 0 && performance.now() < deadline) {
    await sleep(10);
  }
};

interface RunTiming {
  readonly warmupMs: number;
  readonly measureMs: number;
}

export const closedLoop = async (
  group: PeerGroup,
  { window, warmupMs, measureMs }: RunTiming & { readonly window: number },
): Promise<ThroughputResult> => {
  let running = true;
  let delivered = 0;
  let inFlight = 0;
  group.anomalies.clear();
  group.sink = {
    delivered(receiver) {
      delivered += 1;
      inFlight -= 1;
      if (running) {
        // The partner of the receiver sent this one; it sends the next.
        group.send(receiver ^ 1, performance.now());
        inFlight += 1;
      }
    },
    refused() {
      inFlight -= 1;
    },
  };
  for (let slot = 0; slot < window; slot += 1) {
    for (let sender = 0; sender < group.size; sender += 1) {
      group.send(sender, performance.now());
      inFlight += 1;
    }
  }
  await sleep(warmupMs);
  const start = { delivered, at: performance.now(), cpu: cpuMs() };
  await sleep(measureMs);
  const end = { delivered, at: performance.now(), cpu: cpuMs() };
  running = false;
  await drained(() => inFlight);
  group.sink = IGNORE_TRAFFIC;
  return {
    delivered: end.delivered - start.delivered,
    elapsedMs: end.at - start.at,
    cpuMs: end.cpu - start.cpu,
    unaccounted: inFlight,
    errors: Object.fromEntries(group.anomalies),
  };
};

export const openLoop = async (
  group: PeerGroup,
  { signalsPerSec, warmupMs, measureMs }: RunTiming & { readonly signalsPerSec: number },
): Promise<LatencyResult> => {
  const startedAt = performance.now();
  const measureFrom = startedAt + warmupMs;
  const measureUntil = measureFrom + measureMs;
  const inWindow = (at: number): boolean => at >= measureFrom && at < measureUntil;
  const latencies: number[] = [];
  let sent = 0;
  let sentInWindow = 0;
  let inFlight = 0;
  group.anomalies.clear();
  group.sink = {
    delivered(_receiver, sentAtMs) {
      inFlight -= 1;
      if (inWindow(sentAtMs)) {
        latencies.push(performance.now() - sentAtMs);
      }
    },
    refused() {
      inFlight -= 1;
    },
  };
  const cpu = await new Promise<{ readonly start: number; readonly end: number }>((resolve) => {
    let cpuAtStart: number | null = null;
    const timer = setInterval(() => {
      const now = performance.now();
      if (cpuAtStart === null && now >= measureFrom) {
        cpuAtStart = cpuMs();
      }
      const due = Math.floor(((Math.min(now, measureUntil) - startedAt) * signalsPerSec) / 1000);
      while (sent < due) {
        const at = performance.now();
        group.send(sent % group.size, at);
        sent += 1;
        inFlight += 1;
        sentInWindow += inWindow(at) ? 1 : 0;
      }
      if (now >= measureUntil) {
        clearInterval(timer);
        const end = cpuMs();
        resolve({ start: cpuAtStart ?? end, end });
      }
    }, TICK_MS);
  });
  await drained(() => inFlight);
  group.sink = IGNORE_TRAFFIC;
  return {
    sent: sentInWindow,
    delivered: latencies.length,
    elapsedMs: measureMs,
    cpuMs: cpu.end - cpu.start,
    latenciesMs: Float64Array.from(latencies),
    errors: Object.fromEntries(group.anomalies),
  };
};
