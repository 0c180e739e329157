// Prometheus metrics of one signaling server (prom-client). A registry per server, not the global default, so
// several servers in one process (tests) keep separate counts.
import { Counter, Gauge, Registry } from 'prom-client';

export interface SignalingMetrics {
  readonly registry: Registry;
  readonly connectionsRefused: Counter<'reason'>;
  readonly authFailures: Counter;
  readonly signalsRelayed: Counter;
  readonly framesRejected: Counter<'reason'>;
}

export const createSignalingMetrics = (gauges: {
  readonly openConnections: () => number;
  readonly registeredPeers: () => number;
}): SignalingMetrics => {
  const registry = new Registry();
  new Gauge({
    name: 'parley_signaling_open_connections',
    help: 'Open WebSocket connections, registered or not',
    registers: [registry],
    collect() {
      this.set(gauges.openConnections());
    },
  });
  new Gauge({
    name: 'parley_signaling_registered_peers',
    help: 'Peers that completed authentication',
    registers: [registry],
    collect() {
      this.set(gauges.registeredPeers());
    },
  });
  return {
    registry,
    connectionsRefused: new Counter({
      name: 'parley_signaling_connections_refused_total',
      help: 'Connections refused before the WebSocket upgrade, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    authFailures: new Counter({
      name: 'parley_signaling_auth_failures_total',
      help: 'Registrations refused: key not matching the peer ID, or a bad signature',
      registers: [registry],
    }),
    signalsRelayed: new Counter({
      name: 'parley_signaling_signals_relayed_total',
      help: 'Signal frames forwarded to their recipient',
      registers: [registry],
    }),
    framesRejected: new Counter({
      name: 'parley_signaling_frames_rejected_total',
      help: 'Frames refused, by error code',
      labelNames: ['reason'],
      registers: [registry],
    }),
  };
};
