// The server the protocol conformance tests (*.integration.test.ts beside server.ts) share within a file: two
// realms, ICE with TURN credentials, a short authentication timeout, and three identities to connect as.
import type { PeerId } from '../../shared/identity/peer-id';
import { startSignalingServer, type RunningSignalingServer } from '../server';
import { newIdentity, silentLogger, type TestIdentity } from './signaling-test-kit';

/** A well-formed peer ID that nobody registers. */
export const NOBODY = 'a'.repeat(32) as PeerId;

export interface ConformanceServer {
  readonly server: RunningSignalingServer;
  readonly alice: TestIdentity;
  readonly bob: TestIdentity;
  readonly carol: TestIdentity;
}

export const startConformanceServer = async (): Promise<ConformanceServer> => {
  const server = await startSignalingServer({
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
    authTimeoutMs: 500,
    realms: ['default', 'acme'],
    ice: {
      iceServers: [{ urls: 'stun:stun.parley.test:3478' }],
      turnUrls: ['turn:turn.parley.test:3478?transport=udp'],
      turnSecret: 'coturn-static-auth-secret',
      turnCredentialTtlSeconds: 3600,
    },
  });
  const [alice, bob, carol] = await Promise.all([
    newIdentity('Alice'),
    newIdentity('Bob'),
    newIdentity('Carol'),
  ]);
  return { server, alice, bob, carol };
};
