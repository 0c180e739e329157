// The one contract between the bench and its child processes: each child announces itself once it is ready, then
// answers calls (method + arguments → result) over the Node IPC channel, matched by an id. Server, bare relay and
// load clients each declare their methods here; the child side of the channel is `serveCalls`.
import type { BenchIdentity } from './bench-identity';
import type { RelayKind } from './signal-wire';

interface Call<Args, Result> {
  readonly args: Args;
  readonly result: Result;
}
/** A child's methods: name → arguments and result. */
export type CallMap<Calls> = { readonly [Method in keyof Calls]: Call<unknown, unknown> };
type NoArgs = Record<string, never>;

export interface RelayReady {
  readonly signalingUrl: string;
}

/** A Parley signaling server (server-process.ts) or the bare relay (bare-relay.ts). */
export interface RelayCalls {
  status: Call<NoArgs, { readonly connectedPeers: number; readonly openConnections: number }>;
  /** Shuts down and exits (a CPU profile, if asked for, is written on the way out). */
  close: Call<NoArgs, null>;
}

export interface ThroughputResult {
  readonly delivered: number;
  readonly elapsedMs: number;
  /** CPU time of the client process over the measured interval. */
  readonly cpuMs: number;
  /** Signals neither delivered nor refused by the end of the drain, and error frames by code. */
  readonly unaccounted: number;
  readonly errors: Readonly<Record<string, number>>;
}

export interface LatencyResult {
  readonly sent: number;
  readonly delivered: number;
  readonly elapsedMs: number;
  readonly cpuMs: number;
  readonly latenciesMs: Float64Array;
  readonly errors: Readonly<Record<string, number>>;
}

export interface LoadClientCalls {
  /**
   * Connects these identities into `group` (adding to what it holds). Peers 2k and 2k+1 are partners: the even
   * one connects to urls[0], the odd one to urls[1], so a pair spans two instances when the urls differ.
   */
  connect: Call<
    {
      readonly group: string;
      readonly kind: RelayKind;
      readonly urls: readonly [string, string];
      readonly identities: readonly BenchIdentity[];
    },
    { readonly peers: number }
  >;
  /** Every peer keeps `window` signals in flight to its partner, each delivery triggering the next. */
  closedLoop: Call<
    {
      readonly group: string;
      readonly window: number;
      readonly warmupMs: number;
      readonly measureMs: number;
    },
    ThroughputResult
  >;
  /** Sends at a fixed rate, round-robin over the peers, whatever comes back; latencies of the measured part. */
  openLoop: Call<
    {
      readonly group: string;
      readonly signalsPerSec: number;
      readonly warmupMs: number;
      readonly measureMs: number;
    },
    LatencyResult
  >;
  disconnect: Call<{ readonly group: string }, null>;
}

export interface CallEnvelope {
  readonly id: number;
  readonly method: string;
  readonly args: unknown;
}
export type ChildEnvelope =
  | { readonly kind: 'ready'; readonly info: unknown }
  | { readonly kind: 'result'; readonly id: number; readonly result: unknown }
  | { readonly kind: 'failure'; readonly id: number; readonly message: string };

type Handlers<Calls extends CallMap<Calls>> = {
  readonly [Method in keyof Calls]: (args: Calls[Method]['args']) => Promise<Calls[Method]['result']>;
};

const post = (envelope: ChildEnvelope): void => {
  process.send?.(envelope);
};

/** Child side: answer the parent's calls with `handlers`; exit when the parent goes away. */
export const serveCalls = <Calls extends CallMap<Calls>>(
  handlers: Handlers<Calls>,
  readyInfo: unknown,
): void => {
  const byName = handlers as Partial<Record<string, (args: unknown) => Promise<unknown>>>;
  process.on('message', (message: CallEnvelope) => {
    const handler = byName[message.method];
    if (!handler) {
      post({ kind: 'failure', id: message.id, message: `unknown method ${message.method}` });
      return;
    }
    handler(message.args).then(
      (result) => post({ kind: 'result', id: message.id, result }),
      (error: unknown) =>
        post({
          kind: 'failure',
          id: message.id,
          message: error instanceof Error ? error.message : String(error),
        }),
    );
  });
  // A bench that crashed must not leave servers and thousands of sockets behind.
  process.on('disconnect', () => process.exit(1));
  post({ kind: 'ready', info: readyInfo });
};
