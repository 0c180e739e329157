// Capacity of the relays under test at one offered load: the window at which one Parley instance relays the most
// is found first, then every relay runs at that window, in turns, for a few rounds (order reversed every other
// round, so a machine that drifts faster or slower favours none). Rates are medians over rounds, ratios medians
// of per-round ratios.
import type { ClientFleet } from './client-fleet';
import {
  findBestWindow,
  measureThroughput,
  type CpuShares,
  type RelayUnderTest,
  type RunTiming,
  type ThroughputSample,
} from './relay-measurements';
import { median } from '../statistics';

export type RelayName = 'single' | 'bare' | 'cross';
export const RELAY_NAMES: readonly RelayName[] = ['single', 'bare', 'cross'];

export interface CapacitySummary extends CpuShares {
  readonly signalsPerSec: number;
}

export interface CapacityOptions {
  readonly rounds: number;
  readonly maxWindow: number;
  readonly searchTiming: RunTiming;
  readonly roundTiming: RunTiming;
}

type Round = Record<RelayName, ThroughputSample>;

export const measureCapacity = async (
  fleet: ClientFleet,
  relays: Readonly<Record<RelayName, RelayUnderTest>>,
  options: CapacityOptions,
  log: (line: string) => void,
) => {
  log(`finding the window, up to ${options.maxWindow}, at which one Parley instance relays the most`);
  const search = await findBestWindow(fleet, relays.single, options.maxWindow, options.searchTiming);
  const rounds: Round[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    log(`capacity round ${round + 1} of ${options.rounds} (window ${search.window})`);
    const samples: Partial<Round> = {};
    for (const name of round % 2 === 0 ? RELAY_NAMES : [...RELAY_NAMES].reverse()) {
      samples[name] = await measureThroughput(fleet, relays[name], search.window, options.roundTiming);
    }
    rounds.push(samples as Round);
  }
  const over = (value: (round: Round) => number): number => median(rounds.map(value));
  const summary = (name: RelayName): CapacitySummary => ({
    signalsPerSec: over((round) => round[name].signalsPerSec),
    relayCores: over((round) => round[name].relayCores),
    relayCoresEach: relays[name].pids.map((_, index) =>
      over((round) => round[name].relayCoresEach[index] ?? 0),
    ),
    clientCores: over((round) => round[name].clientCores),
    otherCores: over((round) => round[name].otherCores),
    stealCores: over((round) => round[name].stealCores),
  });
  // Signals per CPU-second of the relay: what each would relay with a core to itself, whoever limited the rate.
  const perRelayCpu = (sample: ThroughputSample): number => sample.signalsPerSec / sample.relayCores;
  return {
    window: search.window,
    searchSteps: search.steps,
    rounds,
    capacity: { single: summary('single'), bare: summary('bare'), cross: summary('cross') },
    ratio: over((round) => round.single.signalsPerSec / round.bare.signalsPerSec),
    crossInstanceRatio: over((round) => round.cross.signalsPerSec / round.single.signalsPerSec),
    relayCpuRatio: over((round) => perRelayCpu(round.single) / perRelayCpu(round.bare)),
  };
};
