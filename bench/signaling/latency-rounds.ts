// Latency of one Parley instance under open-loop load, against the bare relay at the same rate: a few rounds at
// the load the goal names (alternating, medians over rounds), then one run each at lower loads to show where the
// curve bends.
import type { ClientFleet } from './client-fleet';
import {
  measureLatency,
  type LatencySample,
  type RelayUnderTest,
  type RunTiming,
} from './relay-measurements';
import { median } from '../statistics';
import { count } from '../text-table';

export interface LatencyOptions {
  /** Parley's maximum; loads are fractions of it. */
  readonly maxSignalsPerSec: number;
  readonly load: number;
  readonly rounds: number;
  readonly curve: readonly number[];
  readonly timing: RunTiming;
}

export interface LatencySummary {
  readonly offeredPerSec: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The lowest delivered share of any round. */
  readonly delivered: number;
  readonly relayCores: number;
  readonly otherCores: number;
}

interface Pair {
  readonly parley: LatencySample;
  readonly bare: LatencySample;
}

const summarize = (samples: readonly LatencySample[]): LatencySummary => ({
  offeredPerSec: samples[0]?.offeredPerSec ?? 0,
  p50Ms: median(samples.map((sample) => sample.p50Ms)),
  p90Ms: median(samples.map((sample) => sample.p90Ms)),
  p99Ms: median(samples.map((sample) => sample.p99Ms)),
  maxMs: Math.max(...samples.map((sample) => sample.maxMs)),
  delivered: Math.min(...samples.map((sample) => sample.delivered)),
  relayCores: median(samples.map((sample) => sample.relayCores)),
  otherCores: median(samples.map((sample) => sample.otherCores)),
});

export const measureLatencies = async (
  fleet: ClientFleet,
  relays: { readonly parley: RelayUnderTest; readonly bare: RelayUnderTest },
  options: LatencyOptions,
  log: (line: string) => void,
) => {
  const pairAt = async (rate: number, parleyFirst: boolean): Promise<Pair> => {
    const first = await measureLatency(
      fleet,
      parleyFirst ? relays.parley : relays.bare,
      rate,
      options.timing,
    );
    const second = await measureLatency(
      fleet,
      parleyFirst ? relays.bare : relays.parley,
      rate,
      options.timing,
    );
    return parleyFirst ? { parley: first, bare: second } : { parley: second, bare: first };
  };
  const rate = Math.round(options.maxSignalsPerSec * options.load);
  const rounds: Pair[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    log(`latency round ${round + 1} of ${options.rounds}: open loop at ${count(rate)} signals/s`);
    rounds.push(await pairAt(rate, round % 2 === 0));
  }
  const curve: (Pair & { readonly load: number })[] = [];
  for (const load of options.curve) {
    const lower = Math.round(options.maxSignalsPerSec * load);
    log(`latency at ${count(lower)} signals/s`);
    curve.push({ load, ...(await pairAt(lower, true)) });
  }
  return {
    signalsPerSec: rate,
    parley: summarize(rounds.map((round) => round.parley)),
    bare: summarize(rounds.map((round) => round.bare)),
    rounds,
    curve,
  };
};
