// The peers one client process holds for one relay under test, in partner pairs (2k, 2k+1) that signal each
// other, so both ends of every signal share this process's clock. Incoming frames go to the current traffic sink;
// anything that is not a relayed signal is counted by its type or error code.
import type { WebSocket } from 'ws';
import type { BenchIdentity } from './bench-identity';
import { connectPeer } from './load-peer';
import { sentAtOf, signalFramer, type RelayKind } from './signal-wire';

/** Registrations in flight per client process: enough to overlap the login round trips, few enough for the backlog. */
const CONNECT_CONCURRENCY = 64;
const CLOSE_TIMEOUT_MS = 5_000;

export interface TrafficSink {
  /** A signal sent at `sentAtMs` reached peer `receiver`. */
  delivered(receiver: number, sentAtMs: number): void;
  /** The relay told peer `sender` that one of its signals went nowhere. */
  refused(sender: number): void;
}

export const IGNORE_TRAFFIC: TrafficSink = { delivered: () => undefined, refused: () => undefined };

export interface PeerGroup {
  readonly size: number;
  /** Peer `sender` sends one signal, stamped `sentAtMs`, to its partner. */
  send(sender: number, sentAtMs: number): void;
  sink: TrafficSink;
  /** Frames other than signals (error codes, or frame types) and unexpected closes, since the last reset. */
  readonly anomalies: Map<string, number>;
  connect(urls: readonly [string, string], identities: readonly BenchIdentity[]): Promise<void>;
  close(): Promise<void>;
}

const bump = (counts: Map<string, number>, key: string): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1);
};

/** The error code or frame type of a non-signal frame. */
const anomalyOf = (data: Buffer): string => {
  try {
    const frame = JSON.parse(data.toString()) as { type?: unknown; code?: unknown };
    return String(frame.code ?? frame.type);
  } catch {
    return 'unparsable frame';
  }
};

export const createPeerGroup = (kind: RelayKind): PeerGroup => {
  const sockets: WebSocket[] = [];
  const framers: ((sentAtMs: number) => string)[] = [];
  const anomalies = new Map<string, number>();

  const group: PeerGroup = {
    get size() {
      return sockets.length;
    },
    send(sender, sentAtMs) {
      const frame = framers[sender];
      if (frame) {
        sockets[sender]?.send(frame(sentAtMs));
      }
    },
    sink: IGNORE_TRAFFIC,
    anomalies,

    async connect(urls, identities) {
      if (identities.length % 2 !== 0) {
        throw new RangeError('peers come in pairs');
      }
      const base = sockets.length;
      const connected: WebSocket[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < identities.length) {
          const index = next++;
          const identity = identities[index] as BenchIdentity;
          connected[index] = await connectPeer(kind, index % 2 === 0 ? urls[0] : urls[1], identity);
        }
      };
      await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
      connected.forEach((socket, offset) => {
        const index = base + offset;
        const partner = identities[offset ^ 1] as BenchIdentity;
        sockets[index] = socket;
        framers[index] = signalFramer(kind, partner.bundle.peerId);
        socket.on('message', (data: Buffer) => {
          const sentAt = sentAtOf(data);
          if (sentAt !== null) {
            group.sink.delivered(index, sentAt);
            return;
          }
          const anomaly = anomalyOf(data);
          bump(anomalies, anomaly);
          if (anomaly.startsWith('SIGNAL_')) {
            group.sink.refused(index);
          }
        });
        socket.on('close', (code) => bump(anomalies, `closed ${code}`));
        socket.on('error', (error) => bump(anomalies, `socket error ${error.message}`));
      });
    },

    async close() {
      const closed = sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            socket.removeAllListeners();
            socket.on('error', () => undefined);
            if (socket.readyState === socket.CLOSED) {
              resolve();
              return;
            }
            socket.once('close', () => resolve());
            socket.close();
          }),
      );
      const timer = setTimeout(() => sockets.forEach((socket) => socket.terminate()), CLOSE_TIMEOUT_MS);
      await Promise.all(closed);
      clearTimeout(timer);
      sockets.length = 0;
      framers.length = 0;
    },
  };
  return group;
};
