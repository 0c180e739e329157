// The bench's printed report: capacity, latency, idle connections and goals as plain-text tables.
import type { IdleConnectionsResult } from './idle-connections';
import type { CpuShares, LatencySample } from './relay-measurements';
import { count, percent, table } from '../text-table';

export interface CapacityRow extends CpuShares {
  readonly label: string;
  readonly signalsPerSec: number;
  readonly vsBare: number;
}

export interface LatencyRow {
  readonly label: string;
  readonly sample: Pick<
    LatencySample,
    'offeredPerSec' | 'p50Ms' | 'p90Ms' | 'p99Ms' | 'maxMs' | 'delivered' | 'relayCores' | 'otherCores'
  >;
}

export interface Goal {
  readonly pass: boolean;
  readonly actual: number | string;
  readonly target: string;
}

export const printReport = (report: {
  readonly heading: string;
  readonly capacityHeading: string;
  readonly capacity: readonly CapacityRow[];
  readonly latencyHeading: string;
  readonly latency: readonly LatencyRow[];
  readonly idle: IdleConnectionsResult;
  readonly notes: readonly string[];
  readonly goals: Readonly<Record<string, Goal>>;
}): void => {
  console.log(`\n${report.heading}`);
  console.log(`${report.capacityHeading}\n`);
  console.log(
    table(
      ['relay', 'signals/s', 'vs bare', 'CPU µs/signal', 'relay CPU', 'client CPU', 'other CPU'],
      report.capacity.map((row) => [
        row.label,
        count(row.signalsPerSec),
        row.vsBare.toFixed(3),
        ((row.relayCores / row.signalsPerSec) * 1e6).toFixed(1),
        row.relayCoresEach.length > 1
          ? `${percent(row.relayCores)} (${row.relayCoresEach.map(percent).join(' + ')})`
          : percent(row.relayCores),
        percent(row.clientCores),
        percent(row.otherCores),
      ]),
    ),
  );
  console.log(`\n${report.latencyHeading}\n`);
  console.log(
    table(
      ['relay', 'offered/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'delivered', 'relay CPU', 'other CPU'],
      report.latency.map(({ label, sample }) => [
        label,
        count(sample.offeredPerSec),
        sample.p50Ms.toFixed(2),
        sample.p90Ms.toFixed(2),
        sample.p99Ms.toFixed(2),
        sample.maxMs.toFixed(2),
        percent(sample.delivered),
        percent(sample.relayCores),
        percent(sample.otherCores),
      ]),
    ),
  );
  const { idle } = report;
  console.log('\nidle registered connections on one instance (server VmRSS)\n');
  console.log(
    table(
      ['connections', 'RSS MB'],
      idle.samples.map((sample) => [count(sample.connections), sample.rssMb.toFixed(1)]),
    ),
  );
  console.log(
    `${count(idle.connections)} held; ${idle.rssMbPer1k.toFixed(1)} MB per 1,000 (least-squares slope)` +
      (idle.stoppedBy ? `; stopped early: ${idle.stoppedBy}` : ''),
  );
  for (const note of report.notes) {
    console.log(`\nnote: ${note}`);
  }
  console.log('');
  console.log(
    table(
      ['goal', 'actual', 'target', 'result'],
      Object.entries(report.goals).map(([name, goal]) => [
        name,
        String(goal.actual),
        goal.target,
        goal.pass ? 'PASS' : 'FAIL',
      ]),
    ),
  );
};
