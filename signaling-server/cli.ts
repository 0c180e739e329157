// `npm run signaling` / `parley-signaling`: parse flags and environment, start the server, stop on signals.
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startSignalingServer } from './server';

const HELP = `parley-signaling: the Parley signaling server

Options (flag, or environment variable):
  --host <address>     PARLEY_HOST      interface to listen on (default 127.0.0.1)
  --port <number>      PARLEY_PORT      TCP port, 0 picks a free one (default 7420)
  --server-id <name>   PARLEY_SERVER_ID identity clients sign into their login (default host:port)
  --web-root <dir>     PARLEY_WEB_ROOT  also serve the browser build from this folder
  --help                                show this help
`;

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    'server-id': { type: 'string' },
    'web-root': { type: 'string' },
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
const logger = pino({ name: 'parley-signaling' });
const server = await startSignalingServer({
  host,
  port,
  serverId: values['server-id'] ?? process.env.PARLEY_SERVER_ID,
  webRoot: values['web-root'] ?? process.env.PARLEY_WEB_ROOT,
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
