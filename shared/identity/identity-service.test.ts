import { describe, expect, it } from 'vitest';
import { webcrypto } from 'node:crypto';
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { base64ToBytes, bytesToBase64 } from '../encoding/bytes';
import { signalingAuthMessage } from '../signaling/signaling-auth';
import { createMemoryIdentityVault } from '../testing/memory-ports';
import { verifyIdentitySignature } from './identity-keys';
import { createIdentityService } from './identity-service';
import { derivePeerId, publicKeyMatchesPeerId } from './peer-id';

const crypto = webcrypto as unknown as WebCryptoPort;

describe('identity service', () => {
  it('has no identity until one is created', async () => {
    const service = createIdentityService({ crypto, vault: createMemoryIdentityVault() });
    expect(await service.current()).toEqual({ ok: true, value: null });
    expect(await service.signSignalingChallenge('server', 'AAAA')).toMatchObject({
      ok: false,
      error: { code: 'IDENTITY_MISSING' },
    });
  });

  it('creates one RSA-3072 identity whose peer ID is derived from its public key', async () => {
    const vault = createMemoryIdentityVault();
    const service = createIdentityService({ crypto, vault });
    const [first, second] = await Promise.all([service.create('Alice'), service.create('Alice again')]);
    expect(first).toEqual(second);
    expect(vault.saves()).toBe(1);
    if (!first.ok) {
      throw new Error('creation failed');
    }
    const spki = base64ToBytes(first.value.publicKey);
    expect(first.value.peerId).toBe(await derivePeerId(crypto, spki));
    expect(first.value.displayName).toBe('Alice');
    const stored = await vault.load();
    expect(stored?.keyPair.privateKey.extractable).toBe(false);
    expect(await service.create('Mallory')).toMatchObject({ ok: false, error: { code: 'IDENTITY_EXISTS' } });
    expect(await service.current()).toEqual({ ok: true, value: first.value });
  });

  it('signs the domain-separated signaling challenge, verifiable against the peer ID', async () => {
    const service = createIdentityService({ crypto, vault: createMemoryIdentityVault() });
    await service.create('Bob');
    const nonce = bytesToBase64(crypto.getRandomValues(new Uint8Array(32)));
    const answer = await service.signSignalingChallenge('signal.example:443', nonce);
    if (!answer.ok) {
      throw new Error(answer.error.message);
    }
    const spki = base64ToBytes(answer.value.publicKey);
    const signature = base64ToBytes(answer.value.signature);
    expect(await publicKeyMatchesPeerId(crypto, spki, answer.value.peerId)).toBe(true);
    expect(
      await verifyIdentitySignature(
        crypto,
        spki,
        signature,
        signalingAuthMessage('signal.example:443', nonce),
      ),
    ).toBe(true);
    // Bound to the server: the same signature is worthless at another server.
    expect(
      await verifyIdentitySignature(crypto, spki, signature, signalingAuthMessage('evil.example:443', nonce)),
    ).toBe(false);
  });
});
