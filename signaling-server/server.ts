// Wires one signaling server: HTTP (optional web build), the WebSocket endpoint, the peer registry and sessions.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webcrypto } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WebCryptoPort } from '../shared/crypto/web-crypto-port';
import type { Logger } from '../shared/ports/logger';
import {
  MAX_SIGNALING_FRAME_BYTES,
  SIGNALING_PATH,
  SIGNALING_PROTOCOL_VERSION,
  type IceServer,
  type ServerFrame,
} from '../shared/signaling/signaling-frames';
import { createAdmission, type AdmissionLimits } from './admission';
import { startHeartbeat } from './heartbeat';
import { createSignalingMetrics } from './metrics';
import { createPeerRegistry } from './peer-registry';
import { createPeerSession, POLICY_VIOLATION_CLOSE_CODE } from './peer-session';
import { createStaticWebHandler } from './static-web';
import { createTokenBucket } from './token-bucket';

export interface SignalingLimits extends AdmissionLimits {
  /** Frames a connection may send per second on average, and in one burst. */
  readonly framesPerSecond: number;
  readonly frameBurst: number;
  /** Queued bytes beyond which a recipient gets no more signals until it drains. */
  readonly maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: SignalingLimits = {
  maxConnections: 10_000,
  maxConnectionsPerIp: 50,
  allowedOrigins: null,
  framesPerSecond: 20,
  frameBurst: 40,
  maxBufferedBytes: 256 * 1024,
};
const RATE_LIMIT_CLOSE_CODE = 1008;

export interface SignalingServerOptions {
  readonly host: string;
  readonly port: number;
  /** What clients sign into their login; defaults to the listening `host:port`. */
  readonly serverId?: string;
  readonly logger: Logger;
  readonly webRoot?: string | undefined;
  readonly iceServers?: readonly IceServer[];
  readonly authTimeoutMs?: number;
  /** Where Prometheus metrics are served over HTTP; null serves none. Default `/metrics`. */
  readonly metricsPath?: string | null;
  /** How often connections are pinged; one missing its pong by the next ping is terminated. */
  readonly heartbeatMs?: number;
  readonly limits?: Partial<SignalingLimits>;
}

export interface RunningSignalingServer {
  /** e.g. `http://127.0.0.1:7420` */
  readonly httpUrl: string;
  /** e.g. `ws://127.0.0.1:7420/signal` */
  readonly signalingUrl: string;
  readonly connectedPeers: () => number;
  /** Open WebSockets, registered or not. */
  readonly openConnections: () => number;
  close(): Promise<void>;
}

const AUTH_TIMEOUT_CLOSE_CODE = 4000;

export const startSignalingServer = async (
  options: SignalingServerOptions,
): Promise<RunningSignalingServer> => {
  const registry = createPeerRegistry();
  const limits: SignalingLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const admission = createAdmission(limits);
  const metricsPath = options.metricsPath === undefined ? '/metrics' : options.metricsPath;
  // Filled in once the WebSocket server exists; the gauges read it only when scraped.
  let openConnections = (): number => 0;
  const metrics = createSignalingMetrics({
    openConnections: () => openConnections(),
    registeredPeers: () => registry.size,
  });
  // Known once listening (port 0 picks a free port); no connection arrives before that.
  let serverId = options.serverId ?? '';
  const crypto = webcrypto as unknown as WebCryptoPort;
  const serveWeb = options.webRoot ? createStaticWebHandler(options.webRoot) : null;

  const http: Server = createServer((request, response) => {
    if (metricsPath !== null && request.method === 'GET' && request.url === metricsPath) {
      void metrics.registry.metrics().then((text) => {
        response.setHeader('Content-Type', metrics.registry.contentType);
        response.end(text);
      });
      return;
    }
    if (serveWeb) {
      serveWeb(request, response);
      return;
    }
    response.statusCode = 404;
    response.end('Parley signaling server: connect a WebSocket to ' + SIGNALING_PATH);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SIGNALING_FRAME_BYTES });
  openConnections = () => wss.clients.size;
  http.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://placeholder').pathname;
    if (path !== SIGNALING_PATH) {
      socket.destroy();
      return;
    }
    const verdict = admission.admit({
      ip: request.socket.remoteAddress ?? 'unknown',
      origin: request.headers.origin,
    });
    if (!verdict.admitted) {
      metrics.connectionsRefused.inc({ reason: verdict.status === 403 ? 'origin' : 'capacity' });
      socket.end(
        `HTTP/1.1 ${verdict.status} ${verdict.status === 403 ? 'Forbidden' : 'Service Unavailable'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    socket.once('close', verdict.release);
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws));
  });

  const stopHeartbeat = startHeartbeat(wss, options.heartbeatMs ?? 30_000);
  wss.on('connection', (ws: WebSocket) => {
    const session = createPeerSession(
      {
        send: (text) => ws.send(text),
        close: (code, reason) => ws.close(code, reason),
        get bufferedAmount() {
          return ws.bufferedAmount;
        },
      },
      {
        serverId,
        crypto,
        registry,
        logger: options.logger,
        iceServers: options.iceServers ?? [],
        maxBufferedBytes: limits.maxBufferedBytes,
        observe: {
          relayed: () => metrics.signalsRelayed.inc(),
          rejected: (code) => {
            metrics.framesRejected.inc({ reason: code });
            if (code === 'SIGNAL_AUTH_FAILED') {
              metrics.authFailures.inc();
            }
          },
        },
      },
    );
    const bucket = createTokenBucket({
      ratePerSecond: limits.framesPerSecond,
      burst: limits.frameBurst,
      now: Date.now,
    });
    let refused = 0;
    const authTimer = setTimeout(() => {
      if (!session.peerId) {
        ws.close(AUTH_TIMEOUT_CLOSE_CODE, 'authentication timed out');
      }
    }, options.authTimeoutMs ?? 10_000);
    ws.on('message', (data, isBinary) => {
      if (isBinary || !Buffer.isBuffer(data)) {
        ws.close(POLICY_VIOLATION_CLOSE_CODE, 'text frames only');
        return;
      }
      // Over the limit: the frame is dropped and the client told once; one more burst of it and it is closed.
      if (!bucket.take()) {
        refused += 1;
        metrics.framesRejected.inc({ reason: 'SIGNAL_RATE_LIMITED' });
        if (refused === 1) {
          ws.send(
            JSON.stringify({
              v: SIGNALING_PROTOCOL_VERSION,
              type: 'error',
              code: 'SIGNAL_RATE_LIMITED',
              message: 'too many frames; this one was dropped',
            } satisfies ServerFrame),
          );
        }
        if (refused > limits.frameBurst) {
          ws.close(RATE_LIMIT_CLOSE_CODE, 'rate limit exceeded');
        }
        return;
      }
      refused = 0;
      session.receive(data.toString()).catch((error: unknown) => {
        options.logger.error({ error: String(error) }, 'signaling frame handling failed');
        ws.close(1011, 'internal error');
      });
    });
    ws.on('close', () => {
      clearTimeout(authTimer);
      session.closed();
    });
    ws.on('error', () => ws.terminate());
    session.start();
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  serverId ||= `${hostForUrl}:${address.port}`;

  return {
    httpUrl: `http://${hostForUrl}:${address.port}`,
    signalingUrl: `ws://${hostForUrl}:${address.port}${SIGNALING_PATH}`,
    connectedPeers: () => registry.size,
    openConnections: () => wss.clients.size,
    async close() {
      stopHeartbeat();
      for (const client of wss.clients) {
        client.terminate();
      }
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const closed = new Promise<void>((resolve, reject) =>
        http.close((error) => (error ? reject(error) : resolve())),
      );
      // A browser's keep-alive HTTP connections would otherwise hold the close open until they time out.
      http.closeAllConnections();
      await closed;
    },
  };
};
