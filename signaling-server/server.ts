// Wires one signaling server: HTTP (optional web build), the WebSocket endpoint, the peer registry and sessions.
import { randomUUID, webcrypto } from 'node:crypto';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WebCryptoPort } from '../shared/crypto/web-crypto-port';
import type { Logger } from '../shared/ports/logger';
import { AUTH_TIMEOUT_CLOSE_CODE } from '../shared/signaling/close-codes';
import {
  DEFAULT_REALM,
  MAX_RECONNECT_WITHIN_MS,
  MAX_SIGNALING_FRAME_BYTES,
  SIGNALING_PATH,
  SIGNALING_PROTOCOL_VERSION,
  type ServerFrame,
} from '../shared/signaling/signaling-frames';
import { createAdmission, type AdmissionLimits } from './admission';
import { startHeartbeat } from './heartbeat';
import { createSignalingMetrics } from './metrics';
import { DEFAULT_TURN_TTL_SECONDS, iceServersFor, type IceConfig } from './ice-config';
import { createLocalDirectory } from './local-directory';
import type { DirectoryEvents, PeerDirectory } from './peer-directory';
import { createPeerSession, POLICY_VIOLATION_CLOSE_CODE } from './peer-session';
import { createPresenceHub } from './presence-hub';
import { createRedisDirectory } from './redis-directory';
import { createStaticWebHandler } from './static-web';
import { createTokenBucket } from '../shared/token-bucket';
import { requestPath } from './request-path';

export interface SignalingLimits extends AdmissionLimits {
  /** Frames a connection may send per second on average, and in one burst. */
  readonly framesPerSecond: number;
  readonly frameBurst: number;
  /** Queued bytes beyond which a recipient gets no more signals until it drains. */
  readonly maxBufferedBytes: number;
  /** Peer IDs one connection may watch for presence. */
  readonly maxWatchedPerConnection: number;
  /**
   * With Redis: bytes of signals for other instances waiting on Redis, beyond which more are refused as busy
   * (a stalled Redis would otherwise pile them up in memory, to be delivered stale).
   */
  readonly maxRedisBacklogBytes: number;
}

export const DEFAULT_LIMITS: SignalingLimits = {
  maxConnections: 10_000,
  maxConnectionsPerIp: 50,
  allowedOrigins: null,
  framesPerSecond: 20,
  frameBurst: 40,
  maxBufferedBytes: 256 * 1024,
  maxWatchedPerConnection: 1000,
  maxRedisBacklogBytes: 16 * 1024 * 1024,
};
const RATE_LIMIT_CLOSE_CODE = 1008;

export interface SignalingServerOptions {
  readonly host: string;
  readonly port: number;
  /** What clients sign into their login; defaults to the listening `host:port`. */
  readonly serverId?: string;
  readonly logger: Logger;
  readonly webRoot?: string | undefined;
  /** PEM certificate chain and key: serve HTTPS and `wss:` directly instead of behind a TLS proxy. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined;
  readonly ice?: Partial<IceConfig>;
  /** Realms served; `*` admits any well-formed realm name. Default: only `default`. */
  readonly realms?: readonly string[];
  /** Share registrations, presence and relay with other instances through this Redis; default in memory. */
  readonly redisUrl?: string | undefined;
  /** Names this instance among others sharing one Redis; default a random UUID. */
  readonly instanceId?: string;
  /** With Redis: how long after its last heartbeat a silent instance counts as dead and its peers offline. */
  readonly instanceTtlMs?: number;
  readonly authTimeoutMs?: number;
  /** How long a new TCP connection has to send its complete HTTP (upgrade) request. */
  readonly requestTimeoutMs?: number;
  /** How long a graceful shutdown waits for clients to leave before cutting them off. */
  readonly drainTimeoutMs?: number;
  /** The window clients told to move spread their reconnects over (at most MAX_RECONNECT_WITHIN_MS). */
  readonly reconnectWithinMs?: number;
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
  /** Open TCP connections, upgraded or not. */
  readonly openSockets: () => number;
  readonly instanceId: string;
  /**
   * Graceful shutdown: stop accepting, tell every client to reconnect elsewhere (`goaway`, then close 1012),
   * wait up to the drain timeout for them to leave, then release the directory.
   */
  close(): Promise<void>;
}

const SERVICE_RESTART_CLOSE_CODE = 1012;
/** Default time a new socket has to send its whole request, so half-open sockets do not pile up. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Resolves once every WebSocket has closed, or after `timeoutMs`. */
const allClosed = (wss: WebSocketServer, timeoutMs: number): Promise<void> =>
  new Promise((resolve) => {
    const deadline = Date.now() + timeoutMs;
    const check = (): void => {
      if (wss.clients.size === 0 || Date.now() >= deadline) {
        resolve();
      } else {
        setTimeout(check, 20);
      }
    };
    check();
  });

const realmPolicy = (realms: readonly string[]): ((realm: string) => boolean) =>
  realms.includes('*') ? () => true : (realm) => realms.includes(realm);

/** The `reason` counted for frames dropped because their sender does not read its replies. */
export const NOT_READING = 'client-not-reading';

export const startSignalingServer = async (
  options: SignalingServerOptions,
): Promise<RunningSignalingServer> => {
  const limits: SignalingLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const instanceId = options.instanceId ?? randomUUID();
  // Connection IDs must be unique across runs too: an instance restarted under the same ID starts counting again.
  const runId = randomUUID().slice(0, 8);
  const admission = createAdmission(limits);
  const presence = createPresenceHub(limits.maxWatchedPerConnection);
  const realmAllowed = realmPolicy(options.realms ?? [DEFAULT_REALM]);
  const ice: IceConfig = {
    iceServers: [],
    turnUrls: [],
    turnSecret: null,
    turnCredentialTtlSeconds: DEFAULT_TURN_TTL_SECONDS,
    ...options.ice,
  };
  const events: DirectoryEvents = { presence: (key, online) => presence.publish(key, online) };
  const directory: PeerDirectory = options.redisUrl
    ? await createRedisDirectory({
        url: options.redisUrl,
        instanceId,
        events,
        logger: options.logger,
        maxBacklogBytes: limits.maxRedisBacklogBytes,
        ...(options.instanceTtlMs ? { livenessTtlMs: options.instanceTtlMs } : {}),
      })
    : createLocalDirectory(events);
  const metricsPath = options.metricsPath === undefined ? '/metrics' : options.metricsPath;
  // Filled in once the WebSocket server exists; the gauges read it only when scraped.
  let openConnections = (): number => 0;
  const metrics = createSignalingMetrics({
    openConnections: () => openConnections(),
    registeredPeers: () => directory.localSize,
  });
  // Known once listening (port 0 picks a free port); no connection arrives before that.
  let serverId = options.serverId ?? '';
  const crypto = webcrypto as unknown as WebCryptoPort;
  const serveWeb = options.webRoot ? createStaticWebHandler(options.webRoot) : null;
  let draining = false;
  let connectionCount = 0;

  const handleRequest: RequestListener = (request, response) => {
    if (request.method === 'GET' && request.url === '/healthz') {
      response.statusCode = draining ? 503 : 200;
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ status: draining ? 'draining' : 'ok', peers: directory.localSize }));
      return;
    }
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
  };
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // Node checks these timeouts on an interval (30 s by default): check often enough to honour them.
  const timeouts = {
    headersTimeout: requestTimeout,
    requestTimeout,
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, requestTimeout / 2)),
  };
  const http: Server = options.tls
    ? createHttpsServer(
        // The TLS handshake has its own timeout (120 s by default), before any of the request timeouts start.
        { ...timeouts, handshakeTimeout: requestTimeout, cert: options.tls.cert, key: options.tls.key },
        handleRequest,
      )
    : createHttpServer(timeouts, handleRequest);

  // Connection caps apply to every TCP socket, upgraded or not: a flood of sockets that never finish their
  // request is refused as early as one of WebSockets.
  http.on('connection', (socket: Socket) => {
    const verdict = admission.admit({ ip: socket.remoteAddress ?? 'unknown' });
    if (!verdict.admitted) {
      metrics.connectionsRefused.inc({ reason: 'capacity' });
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroySoon();
      return;
    }
    socket.once('close', verdict.release);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_SIGNALING_FRAME_BYTES });
  openConnections = () => wss.clients.size;
  http.on('upgrade', (request, socket, head) => {
    if (requestPath(request.url) !== SIGNALING_PATH || draining) {
      socket.destroy();
      return;
    }
    if (!admission.originAllowed(request.headers.origin)) {
      metrics.connectionsRefused.inc({ reason: 'origin' });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws));
  });

  // Unregistrations in flight: a shutdown waits for them before releasing the directory.
  const leaving = new Set<Promise<void>>();
  const stopHeartbeat = startHeartbeat(wss, options.heartbeatMs ?? 30_000);
  wss.on('connection', (ws: WebSocket) => {
    connectionCount += 1;
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
        connectionId: `${instanceId}:${runId}:${connectionCount}`,
        crypto,
        directory,
        presence,
        logger: options.logger,
        realmAllowed,
        iceServersFor: (peerId) => iceServersFor(ice, peerId, Date.now()),
        maxBufferedBytes: limits.maxBufferedBytes,
        now: () => performance.now(),
        observe: {
          registered: () => metrics.registrations.inc(),
          relayed: (startedAt) => {
            metrics.signalsRelayed.inc();
            metrics.relayLatency.observe((performance.now() - startedAt) / 1000);
          },
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
    const internalError = (error: unknown): void => {
      options.logger.error({ error: String(error) }, 'signaling frame handling failed');
      ws.close(1011, 'internal error');
    };
    const authTimer = setTimeout(() => {
      if (!session.key) {
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
      // A client that does not read what it is sent gets nothing more handled: each reply (a watch answers every
      // ID it names) would queue in memory until the ping timeout. Relayed signals stop at the same limit.
      if (ws.bufferedAmount > limits.maxBufferedBytes) {
        metrics.framesRejected.inc({ reason: NOT_READING });
        return;
      }
      try {
        session.receive(data.toString())?.catch(internalError);
      } catch (error) {
        internalError(error);
      }
    });
    ws.on('close', () => {
      clearTimeout(authTimer);
      const left = session.closed().catch((error: unknown) => {
        options.logger.warn({ error: String(error) }, 'could not unregister a closed connection');
      });
      leaving.add(left);
      void left.finally(() => leaving.delete(left));
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

  const drainTimeoutMs = options.drainTimeoutMs ?? 5_000;
  // Clamped to what the protocol allows: a larger window would make every client refuse the goaway frame.
  const reconnectWithinMs = Math.min(options.reconnectWithinMs ?? 5_000, MAX_RECONNECT_WITHIN_MS);
  let closing: Promise<void> | null = null;
  const shutdown = async (): Promise<void> => {
    draining = true;
    const stoppedListening = new Promise<void>((resolve) => http.close(() => resolve()));
    stopHeartbeat();
    const goaway = JSON.stringify({
      v: SIGNALING_PROTOCOL_VERSION,
      type: 'goaway',
      reason: 'server shutting down',
      reconnectWithinMs,
    } satisfies ServerFrame);
    for (const client of wss.clients) {
      client.send(goaway);
      client.close(SERVICE_RESTART_CLOSE_CODE, 'server shutting down');
    }
    await allClosed(wss, drainTimeoutMs);
    for (const client of wss.clients) {
      client.terminate();
    }
    await allClosed(wss, drainTimeoutMs);
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    // A browser's keep-alive HTTP connections would otherwise hold the close open until they time out.
    http.closeAllConnections();
    await stoppedListening;
    // Sessions unregister as their sockets close; wait for those writes before releasing the directory.
    await Promise.all([...leaving]);
    await directory.close();
  };

  const secure = options.tls ? 's' : '';
  return {
    httpUrl: `http${secure}://${hostForUrl}:${address.port}`,
    signalingUrl: `ws${secure}://${hostForUrl}:${address.port}${SIGNALING_PATH}`,
    connectedPeers: () => directory.localSize,
    openConnections: () => wss.clients.size,
    openSockets: () => admission.open,
    instanceId,
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
};
