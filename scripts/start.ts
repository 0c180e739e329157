// `npm start`: one command to a working app. Starts a local signaling server, then opens the desktop app where
// Electron is installed; otherwise says why in one line and serves the browser build on loopback.
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { startSignalingServer, type RunningSignalingServer } from '../signaling-server/server';
import { findElectronBinary } from './electron-binary.mjs';

const HOST = '127.0.0.1';
const PREFERRED_PORT = Number(process.env.PARLEY_PORT ?? 7420);
const WEB_ROOT = fileURLToPath(new URL('../out/web', import.meta.url));
const logger = pino({ name: 'parley-signaling', level: process.env.PARLEY_LOG_LEVEL ?? 'warn' });

const build = (args: string[]): void => {
  execFileSync('npx', args, { stdio: ['ignore', 'inherit', 'inherit'] });
};

const listen = async (webRoot?: string): Promise<RunningSignalingServer> => {
  try {
    return await startSignalingServer({ host: HOST, port: PREFERRED_PORT, logger, webRoot });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
      throw error;
    }
    console.log(`parley: port ${PREFERRED_PORT} is busy, using a free port instead`);
    return startSignalingServer({ host: HOST, port: 0, logger, webRoot });
  }
};

const stopOnSignals = (server: RunningSignalingServer, onStop?: () => void): void => {
  const stop = () => {
    onStop?.();
    void server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

const electron = findElectronBinary();
if (electron.path !== null) {
  build(['electron-vite', 'build', '--logLevel', 'warn']);
  const server = await listen();
  console.log(`parley: signaling server on ${server.signalingUrl}; opening the desktop app`);
  const app = spawn(electron.path, ['.'], {
    stdio: 'inherit',
    env: { ...process.env, PARLEY_SIGNALING_URL: server.signalingUrl },
  });
  stopOnSignals(server, () => app.kill());
  app.on('exit', (code) => {
    void server.close().finally(() => process.exit(code ?? 0));
  });
} else {
  console.log(`parley: desktop app unavailable (${electron.reason}); serving the browser build instead.`);
  build(['vite', 'build', '--config', 'renderer/vite.web.config.ts', '--logLevel', 'warn']);
  const server = await listen(WEB_ROOT);
  stopOnSignals(server);
  console.log(
    `parley: open ${server.httpUrl}/ in your browser (signaling at ${server.signalingUrl}). Ctrl+C stops.`,
  );
}
