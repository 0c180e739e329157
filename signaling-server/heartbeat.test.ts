import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocketServer } from 'ws';
import { startHeartbeat } from './heartbeat';

/** A connection as the heartbeat sees it: pings and terminations are counted; pongs and closes are emitted. */
class FakeConnection extends EventEmitter {
  pings = 0;
  terminated = false;
  ping(): void {
    this.pings += 1;
  }
  terminate(): void {
    this.terminated = true;
  }
}

const INTERVAL_MS = 1_000;

let server: EventEmitter;
let stop: () => void;

const connect = (count: number): FakeConnection[] =>
  Array.from({ length: count }, () => {
    const connection = new FakeConnection();
    server.emit('connection', connection);
    return connection;
  });

const totalPings = (connections: readonly FakeConnection[]): number =>
  connections.reduce((sum, connection) => sum + connection.pings, 0);

beforeEach(() => {
  vi.useFakeTimers();
  server = new EventEmitter();
  stop = startHeartbeat(server as unknown as WebSocketServer, INTERVAL_MS);
});

afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe('heartbeat', () => {
  it('pings every connection once per interval, a few at a time rather than all at once', () => {
    const connections = connect(1_000);
    const perTick: number[] = [];
    let before = 0;
    for (let elapsed = 0; elapsed < INTERVAL_MS; elapsed += 50) {
      vi.advanceTimersByTime(50);
      const now = totalPings(connections);
      perTick.push(now - before);
      before = now;
    }
    expect(connections.every((connection) => connection.pings === 1)).toBe(true);
    expect(Math.max(...perTick)).toBeLessThanOrEqual(connections.length / 2);
  });

  it('terminates a connection that did not answer its last ping by its next turn, and keeps one that did', () => {
    const [silent, live] = connect(2) as [FakeConnection, FakeConnection];
    vi.advanceTimersByTime(INTERVAL_MS);
    expect([silent.pings, live.pings]).toEqual([1, 1]);
    live.emit('pong');
    vi.advanceTimersByTime(INTERVAL_MS);
    expect(silent.terminated).toBe(true);
    expect(live.terminated).toBe(false);
    expect(live.pings).toBe(2);
  });

  it('forgets a closed connection', () => {
    const [gone] = connect(1) as [FakeConnection];
    gone.emit('close');
    vi.advanceTimersByTime(3 * INTERVAL_MS);
    expect(gone.pings).toBe(0);
    expect(gone.terminated).toBe(false);
  });

  it('stops pinging once stopped', () => {
    const [connection] = connect(1) as [FakeConnection];
    stop();
    vi.advanceTimersByTime(3 * INTERVAL_MS);
    expect(connection.pings).toBe(0);
  });
});
