// Child process: one Parley signaling server (startSignalingServer, as the CLI would start it, heap tuning
// included) on a free loopback port, with the abuse limits lifted — every load client connects from 127.0.0.1 and
// sends far above a real peer's rate — and, if given a Redis URL, sharing its directory with other instances.
// Usage: server-process.ts '{"redisUrl":"redis://127.0.0.1:6390","instanceId":"a"}'
import type { Logger } from '../../shared/ports/logger';
import { tuneHeapForRelaying } from '../../signaling-server/heap-tuning';
import { startSignalingServer } from '../../signaling-server/server';
import { serveCalls, type RelayCalls, type RelayReady } from './child-calls';

interface ServerProcessOptions {
  readonly redisUrl?: string;
  readonly instanceId?: string;
}

const BENCH_LIMITS = {
  maxConnections: 100_000,
  maxConnectionsPerIp: 100_000,
  framesPerSecond: 1_000_000,
  frameBurst: 1_000_000,
};
/** Warnings are worth seeing, but a flood of one repeated warning would cost the server more than the relay. */
const MAX_PRINTED_WARNINGS = 10;

/** Drops per-peer info lines (a log line per registration is not what this bench measures); prints a few warnings. */
const quietLogger = (): Logger => {
  let printed = 0;
  const print = (level: string, fields: Record<string, unknown>, message: string): void => {
    if (printed < MAX_PRINTED_WARNINGS) {
      printed += 1;
      process.stderr.write(
        `[signaling server ${process.pid}] ${level}: ${message} ${JSON.stringify(fields)}\n`,
      );
    }
  };
  return {
    info: () => undefined,
    warn: (fields, message) => print('warn', fields, message),
    error: (fields, message) => print('error', fields, message),
  };
};

// The heap settings the parley-signaling bin runs with (signaling-server/heap-tuning.ts).
tuneHeapForRelaying();
const options = JSON.parse(process.argv[2] ?? '{}') as ServerProcessOptions;
const server = await startSignalingServer({
  host: '127.0.0.1',
  port: 0,
  logger: quietLogger(),
  limits: BENCH_LIMITS,
  redisUrl: options.redisUrl,
  ...(options.instanceId ? { instanceId: options.instanceId } : {}),
});
serveCalls<RelayCalls>(
  {
    status: () =>
      Promise.resolve({ connectedPeers: server.connectedPeers(), openConnections: server.openConnections() }),
    close: async () => {
      await server.close();
      setImmediate(() => process.exit(0));
      return null;
    },
  },
  { signalingUrl: server.signalingUrl } satisfies RelayReady,
);
