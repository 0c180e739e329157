// How many registered, idle connections one server holds and what each costs in memory: connections are added a
// step at a time (each a full login), and after each step the server's resident set (VmRSS) is read from /proc.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchIdentity } from './bench-identity';
import type { RelayCalls, RelayReady } from './child-calls';
import type { Child } from './child-process';
import type { ClientFleet } from './client-fleet';
import { residentMb } from './process-stats';
import { slope } from '../statistics';

const GROUP = 'idle';
/** After a step, a pause so that memory is read on an idle server, not mid-burst of logins. */
const SETTLE_MS = 1_000;

export interface RssSample {
  /** Registered peers, as the server counts them. */
  readonly connections: number;
  readonly rssMb: number;
}

export interface IdleConnectionsResult {
  readonly samples: readonly RssSample[];
  /** Most registered connections held at once. */
  readonly connections: number;
  /** Least-squares slope of RSS over connections, per 1,000. */
  readonly rssMbPer1k: number;
  /** Why the ramp stopped before the last identity, if it did. */
  readonly stoppedBy: string | null;
}

export const measureIdleConnections = async (
  fleet: ClientFleet,
  server: Child<RelayCalls, RelayReady>,
  identities: readonly BenchIdentity[],
  step: number,
  onStep: (sample: RssSample) => void,
): Promise<IdleConnectionsResult> => {
  const url = server.ready.signalingUrl;
  const read = async (): Promise<RssSample> => {
    await sleep(SETTLE_MS);
    const { connectedPeers } = await server.call('status', {});
    return { connections: connectedPeers, rssMb: residentMb(server.pid) };
  };
  const samples: RssSample[] = [await read()];
  let stoppedBy: string | null = null;
  for (let start = 0; start < identities.length; start += step) {
    try {
      await fleet.connect(GROUP, 'parley', [url, url], identities.slice(start, start + step));
    } catch (error) {
      stoppedBy = error instanceof Error ? error.message : String(error);
      break;
    }
    const sample = await read();
    samples.push(sample);
    onStep(sample);
  }
  await fleet.disconnect(GROUP);
  return {
    samples,
    connections: Math.max(...samples.map((sample) => sample.connections)),
    rssMbPer1k: slope(samples.map((sample) => ({ x: sample.connections / 1000, y: sample.rssMb }))),
    stoppedBy,
  };
};
