// Prometheus metrics of one signaling server (prom-client). A registry per server, not the global default, so
// several servers in one process (tests) keep separate counts.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface SignalingMetrics {
  readonly registry: Registry;
  readonly connectionsRefused: Counter<'reason'>;
  readonly authFailures: Counter;
  readonly signalsRelayed: Counter;
  readonly registrations: Counter;
  /** Seconds from a signal's arrival to its hand-off to the recipient's socket or instance. */
  readonly relayLatency: Histogram;
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
    help: 'Authenticated peers connected to this instance',
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
      help: "Signal frames handed to their recipient, or to the recipient's instance",
      registers: [registry],
    }),
    registrations: new Counter({
      name: 'parley_signaling_registrations_total',
      help: 'Peers that completed authentication',
      registers: [registry],
    }),
    relayLatency: new Histogram({
      name: 'parley_signaling_relay_latency_seconds',
      help: "Time from a signal's arrival to its hand-off to the recipient (or the recipient's instance)",
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
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
