// V8 heap settings for a process that relays signals. Applied by the composition roots that run a signaling server
// (the CLI, the signaling bench's server process) before the first connection, never by startSignalingServer: a
// library does not change the flags of a process it merely runs in.
import { setFlagsFromString } from 'node:v8';

/**
 * The V8 flag the relay runs with, and why.
 *
 * Allocation-site pretenuring: ws gives each connection a fresh `_fragments = []` after every message. A connection
 * sits idle after logging in, so those arrays outlive their scavenges and V8 learns to allocate that array literal
 * straight in old space. From then on every message's buffer hangs off a dead old-space array, which keeps it alive
 * through scavenges until the next mark-compact: at 52,000 signals/s one instance promoted ~0.8 MB per scavenge,
 * spent 2.6 ms in each scavenge and ran a 10–15 ms mark-compact every second, and those pauses were the relay's
 * latency tail (bench:signaling: p99 52 ms at half load). Without pretenuring the arrays die young, scavenges
 * take ~1 ms and the mark-compacts stop; the few truly long-lived objects are copied once more before promotion.
 */
export const RELAY_V8_FLAGS = ['--no-allocation-site-pretenuring'] as const;

/** Sets RELAY_V8_FLAGS on this process; call it before the server accepts connections. */
export const tuneHeapForRelaying = (): void => {
  for (const flag of RELAY_V8_FLAGS) {
    setFlagsFromString(flag);
  }
};
