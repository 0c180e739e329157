// Where instances sharing one Redis keep their state (docs/PROTOCOL.md, "Between instances").
import type { PeerKey } from './peer-directory';

export const redisKeys = (prefix: string) => ({
  /** Hash of one registered peer: instance, connection, key bundle. */
  peer: (key: PeerKey) => `${prefix}peer:${key}`,
  alivePrefix: `${prefix}instance:`,
  /** An instance's liveness key, with a TTL its heartbeat refreshes. */
  alive: (id: string) => `${prefix}instance:${id}`,
  instances: `${prefix}instances`,
  /** The peers registered on an instance, for reaping it if it dies. */
  peersOf: (id: string) => `${prefix}instance-peers:${id}`,
  reapLock: (id: string) => `${prefix}reap:${id}`,
  instanceChannel: (id: string) => `${prefix}relay:${id}`,
  presenceChannel: `${prefix}presence`,
});

export type RedisKeys = ReturnType<typeof redisKeys>;
