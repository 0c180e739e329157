// Liveness: every interval each connection is pinged; one that has not answered the previous ping is dead (a
// half-open TCP connection, a sleeping laptop) and is terminated, so it does not hold a slot or a peer ID.
import type { WebSocket, WebSocketServer } from 'ws';

export const startHeartbeat = (wss: WebSocketServer, intervalMs: number): (() => void) => {
  const alive = new WeakMap<WebSocket, boolean>();
  const track = (ws: WebSocket): void => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
  };
  wss.on('connection', track);
  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    wss.off('connection', track);
  };
};
