// `npm run signaling` / `parley-signaling`: read the configuration, start the server, drain on SIGTERM/SIGINT.
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { HELP, parseCliConfig } from './config';
import { tuneHeapForRelaying } from './heap-tuning';
import { startSignalingServer } from './server';

const config = parseCliConfig(process.argv.slice(2), process.env);
if (config.kind === 'help') {
  process.stdout.write(HELP);
  process.exit(0);
}
if (config.kind === 'error') {
  process.stderr.write(`parley-signaling: ${config.message}\nRun with --help to see every option.\n`);
  process.exit(2);
}

tuneHeapForRelaying();
const logger = pino({ name: 'parley-signaling', level: config.logLevel });
const server = await startSignalingServer({
  ...config.options,
  logger,
  tls: config.tlsFiles
    ? { cert: readFileSync(config.tlsFiles.cert), key: readFileSync(config.tlsFiles.key) }
    : undefined,
});
logger.info(
  {
    signalingUrl: server.signalingUrl,
    httpUrl: server.httpUrl,
    instanceId: server.instanceId,
    scaleOut: config.options.redisUrl ? 'redis' : 'single instance',
  },
  'signaling server listening',
);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) {
    return;
  }
  stopping = true;
  logger.info({ signal }, 'draining: clients are asked to reconnect elsewhere');
  server.close().then(
    () => {
      logger.info('stopped');
      process.exit(0);
    },
    (error: unknown) => {
      logger.error({ error: String(error) }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
