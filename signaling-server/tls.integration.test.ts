// The server with its own TLS certificate (no reverse proxy): clients log in and signal over wss://, and a
// connection that never completes the TLS handshake is dropped as soon as an unfinished HTTP request would be.
import { connect as connectTcp } from 'node:net';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSignalingServer, type RunningSignalingServer } from './server';
import { newIdentity, silentLogger } from './testing/signaling-test-kit';

const REQUEST_TIMEOUT_MS = 1_000;

/** A self-signed certificate for 127.0.0.1, made for this test run. */
const selfSignedCertificate = (): { cert: string; key: string } => {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3_600_000);
  const subject = [{ name: 'commonName', value: '127.0.0.1' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
};

describe('signaling server over TLS', () => {
  let server: RunningSignalingServer;
  let ca: string;

  beforeAll(async () => {
    const tls = selfSignedCertificate();
    ca = tls.cert;
    server = await startSignalingServer({
      host: '127.0.0.1',
      port: 0,
      logger: silentLogger,
      tls,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
  }, 30_000);
  afterAll(async () => {
    await server.close();
  });

  it('serves wss:// and logs a client in', async () => {
    expect(server.signalingUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\//);
    const alice = await newIdentity('Alice');
    const socket = new WebSocket(server.signalingUrl, { ca });
    const frames: { type?: string }[] = [];
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as { type?: string }));
    await expect.poll(() => frames.length).toBeGreaterThan(0);
    const { serverId, nonce } = frames[0] as { serverId: string; nonce: string };
    const answer = await alice.service.signSignalingChallenge({ serverId, realm: 'default', nonce });
    socket.send(
      JSON.stringify({ v: 1, type: 'register', realm: 'default', ...(answer.ok ? answer.value : {}) }),
    );
    await expect.poll(() => frames.map((frame) => frame.type)).toContain('registered');
    socket.close();
  });

  it('drops a connection that never starts the TLS handshake, well before the two minutes of TLS itself', async () => {
    const port = Number(new URL(server.signalingUrl).port);
    // The server closes it (the test's own timeout, far below TLS's default 120 s, is the limit).
    const closed = await new Promise<boolean>((resolve, reject) => {
      const socket = connectTcp(port, '127.0.0.1');
      socket.on('error', reject);
      socket.on('close', () => resolve(true));
    });
    expect(closed).toBe(true);
  }, 30_000);
});
