// Serves a built bench page from the signaling server itself, so the page and the signaling URL share one origin.
import { fileURLToPath } from 'node:url';
import type { Logger } from '../shared/ports/logger';
import { startSignalingServer, type RunningSignalingServer } from '../signaling-server/server';

// The server's own log lines would interleave with the bench's report.
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Starts a signaling server on a free loopback port, serving `webRoot` (a folder under out/bench/). */
export const startPageServer = (webRoot: URL): Promise<RunningSignalingServer> =>
  startSignalingServer({ host: '127.0.0.1', port: 0, webRoot: fileURLToPath(webRoot), logger: quiet });
