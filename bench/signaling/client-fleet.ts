// The load-client processes as one: starts them on the clients' CPUs, spreads each group's peers over them in
// whole partner pairs, and runs a traffic pattern on all of them at once.
import type { BenchIdentity } from './bench-identity';
import type { LatencyResult, LoadClientCalls, ThroughputResult } from './child-calls';
import { startChild, type Child } from './child-process';
import type { RelayKind } from './signal-wire';

export interface ClientFleet {
  readonly pids: readonly number[];
  connect(
    group: string,
    kind: RelayKind,
    urls: readonly [string, string],
    identities: readonly BenchIdentity[],
  ): Promise<void>;
  closedLoop(args: LoadClientCalls['closedLoop']['args']): Promise<ThroughputResult[]>;
  /** `signalsPerSec` is the total; each client sends its share, in proportion to the peers it holds. */
  openLoop(args: LoadClientCalls['openLoop']['args']): Promise<LatencyResult[]>;
  disconnect(group: string): Promise<void>;
  stop(): Promise<void>;
}

type LoadClient = Child<LoadClientCalls, unknown>;

/** `script`: load-client-process.ts, or its bundle. */
export const startClientFleet = async (
  script: URL,
  processes: number,
  cpus: string | null,
): Promise<ClientFleet> => {
  const clients: LoadClient[] = await Promise.all(
    Array.from({ length: processes }, () => startChild<LoadClientCalls, unknown>(script, { cpus })),
  );
  /** Peers each client holds, per group. */
  const held = new Map<string, number[]>();
  const heldBy = (group: string): number[] => held.get(group) ?? clients.map(() => 0);
  const holding = (group: string) =>
    clients
      .map((client, index) => ({ client, peers: heldBy(group)[index] ?? 0 }))
      .filter(({ peers }) => peers > 0);

  return {
    pids: clients.map((client) => client.pid),
    async connect(group, kind, urls, identities) {
      const pairsPerClient = Math.ceil(identities.length / 2 / clients.length);
      const counts = heldBy(group);
      held.set(group, counts);
      await Promise.all(
        clients.map(async (client, index) => {
          const share = identities.slice(2 * pairsPerClient * index, 2 * pairsPerClient * (index + 1));
          if (share.length > 0) {
            const { peers } = await client.call('connect', { group, kind, urls, identities: share });
            counts[index] = peers;
          }
        }),
      );
    },
    closedLoop: (args) =>
      Promise.all(holding(args.group).map(({ client }) => client.call('closedLoop', args))),
    openLoop(args) {
      const holders = holding(args.group);
      const total = holders.reduce((sum, { peers }) => sum + peers, 0);
      return Promise.all(
        holders.map(({ client, peers }) =>
          client.call('openLoop', { ...args, signalsPerSec: (args.signalsPerSec * peers) / total }),
        ),
      );
    },
    async disconnect(group) {
      // Every client, even one whose connect failed half-way and so holds peers it never reported.
      await Promise.all(clients.map((client) => client.call('disconnect', { group })));
      held.delete(group);
    },
    async stop() {
      await Promise.all(clients.map((client) => client.stop()));
    },
  };
};
