// Liveness: each connection is pinged once per interval, and one that has not answered its previous ping by its next
// turn is dead (a half-open TCP connection, a sleeping laptop) and is terminated, so it does not hold a slot or a
// peer ID. Connections are spread over slots taken in turn, one slot per tick: pinging every connection at once
// means a write per connection and then a read per pong in one burst, which holds up relaying for tens of
// milliseconds every interval on a busy server (~20 ms per 1,000 connections).
import type { WebSocket, WebSocketServer } from 'ws';

/** About how often a slot is pinged: short enough that each burst is small, long enough to cost nothing idle. */
const TICK_MS = 250;

export const startHeartbeat = (wss: WebSocketServer, intervalMs: number): (() => void) => {
  // Per slot, each connection and whether it answered since its last ping.
  const slots: Map<WebSocket, boolean>[] = Array.from(
    { length: Math.max(1, Math.round(intervalMs / TICK_MS)) },
    () => new Map<WebSocket, boolean>(),
  );
  let joined = 0;
  let turn = 0;
  const track = (ws: WebSocket): void => {
    const slot = slots[joined % slots.length] as Map<WebSocket, boolean>;
    joined += 1;
    slot.set(ws, true);
    ws.on('pong', () => {
      if (slot.has(ws)) {
        slot.set(ws, true);
      }
    });
    ws.once('close', () => slot.delete(ws));
  };
  wss.on('connection', track);
  const timer = setInterval(() => {
    const slot = slots[turn] as Map<WebSocket, boolean>;
    turn = (turn + 1) % slots.length;
    for (const [ws, answered] of slot) {
      if (!answered) {
        ws.terminate();
        continue;
      }
      slot.set(ws, false);
      ws.ping();
    }
  }, intervalMs / slots.length);
  timer.unref();
  return () => {
    clearInterval(timer);
    wss.off('connection', track);
  };
};
