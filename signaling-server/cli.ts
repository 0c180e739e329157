// `npm run signaling` / `parley-signaling`: parse flags and environment, start the server, stop on signals.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { DEFAULT_LIMITS, startSignalingServer } from './server';

const HELP = `parley-signaling: the Parley signaling server

Options (flag, or environment variable):
  --host <address>     PARLEY_HOST      interface to listen on (default 127.0.0.1)
  --port <number>      PARLEY_PORT      TCP port, 0 picks a free one (default 7420)
  --server-id <name>   PARLEY_SERVER_ID identity clients sign into their login (default host:port)
  --web-root <dir>     PARLEY_WEB_ROOT  also serve the browser build from this folder
  --allowed-origins <list>  PARLEY_ALLOWED_ORIGINS  comma-separated browser origins allowed to connect
                                        (default: any; clients that send no Origin are always admitted)
  --max-connections <n>     PARLEY_MAX_CONNECTIONS         connections in total (default 10000)
  --max-connections-per-ip <n> PARLEY_MAX_CONNECTIONS_PER_IP connections from one address (default 50)
  --frames-per-second <n>   PARLEY_FRAMES_PER_SECOND       frames one connection may send per second (default 20)
  --frame-burst <n>         PARLEY_FRAME_BURST             frames one connection may send at once (default 40)
  --help                                show this help
`;

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'server-id': { type: 'string' },
    'web-root': { type: 'string' },
    'allowed-origins': { type: 'string' },
    'max-connections': { type: 'string' },
    'max-connections-per-ip': { type: 'string' },
    'frames-per-second': { type: 'string' },
    'frame-burst': { type: 'string' },
    help: { type: 'boolean' },
  },
  strict: true,
});

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const host = values.host ?? process.env.PARLEY_HOST ?? '127.0.0.1';
const port = Number(values.port ?? process.env.PARLEY_PORT ?? 7420);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`invalid port: ${String(values.port ?? process.env.PARLEY_PORT)}\n`);
  process.exit(2);
}
type LimitFlag = 'max-connections' | 'max-connections-per-ip' | 'frames-per-second' | 'frame-burst';

/** A positive integer from `--flag` or its PARLEY_FLAG variable, or the default; anything else stops start-up. */
const positiveInteger = (flag: LimitFlag, fallback: number): number => {
  const raw = values[flag] ?? process.env[`PARLEY_${flag.toUpperCase().replaceAll('-', '_')}`];
  if (raw === undefined) {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`invalid --${flag}: ${raw}\n`);
    process.exit(2);
  }
  return value;
};
const origins = values['allowed-origins'] ?? process.env.PARLEY_ALLOWED_ORIGINS;
const limits = {
  allowedOrigins:
    origins === undefined
      ? null
      : origins
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
  maxConnections: positiveInteger('max-connections', DEFAULT_LIMITS.maxConnections),
  maxConnectionsPerIp: positiveInteger('max-connections-per-ip', DEFAULT_LIMITS.maxConnectionsPerIp),
  framesPerSecond: positiveInteger('frames-per-second', DEFAULT_LIMITS.framesPerSecond),
  frameBurst: positiveInteger('frame-burst', DEFAULT_LIMITS.frameBurst),
};
const logger = pino({ name: 'parley-signaling' });
const server = await startSignalingServer({
  host,
  port,
  serverId: values['server-id'] ?? process.env.PARLEY_SERVER_ID,
  webRoot: values['web-root'] ?? process.env.PARLEY_WEB_ROOT,
  limits,
  logger,
});
logger.info({ signalingUrl: server.signalingUrl, httpUrl: server.httpUrl }, 'signaling server listening');

const stop = (): void => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
