import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { base64ToBytes } from '../encoding/bytes';
import vectors from '../identity/safety-number.vectors.json';
import type { PinnedKeys } from '../session/session-service';
import { createSafetyNumberService } from './safety-numbers';

const crypto = webcrypto as unknown as WebCryptoPort;
const { alice, bob } = vectors.keys;

const memoryPins = (entries: Record<string, string> = {}): PinnedKeys => {
  const pins = new Map(Object.entries(entries).map(([peer, key]) => [peer, base64ToBytes(key)]));
  return {
    get(peerId) {
      return Promise.resolve(pins.get(peerId) ?? null);
    },
    pin(peerId, key) {
      pins.set(peerId, key);
      return Promise.resolve();
    },
  };
};

const serviceOf = (own: string | null, pins: PinnedKeys) =>
  createSafetyNumberService({
    crypto,
    ownSigningKey: () => Promise.resolve(own === null ? null : base64ToBytes(own)),
    pinnedKeys: pins,
  });

describe('safety number service', () => {
  it('gives the known answer, the same on both sides', async () => {
    const vector = vectors.vectors.find((v) => v.one === 'alice' && v.other === 'bob');
    const fromAlice = await serviceOf(alice.signingKey, memoryPins({ [bob.peerId]: bob.signingKey })).forPeer(
      bob.peerId,
    );
    const fromBob = await serviceOf(bob.signingKey, memoryPins({ [alice.peerId]: alice.signingKey })).forPeer(
      alice.peerId,
    );
    expect(fromAlice).toEqual(fromBob);
    expect(fromAlice.ok && fromAlice.value.groups.join(' ')).toBe(vector?.safetyNumber);
  });

  it('has no number before their key is known, and one as soon as it is pinned', async () => {
    const pins = memoryPins();
    const service = serviceOf(alice.signingKey, pins);
    expect(await service.forPeer(bob.peerId)).toMatchObject({
      ok: false,
      error: { code: 'SAFETY_NUMBER_UNAVAILABLE' },
    });
    await pins.pin(bob.peerId, base64ToBytes(bob.signingKey));
    expect((await service.forPeer(bob.peerId)).ok).toBe(true);
  });

  it('needs an identity', async () => {
    const service = serviceOf(null, memoryPins({ [bob.peerId]: bob.signingKey }));
    expect(await service.forPeer(bob.peerId)).toMatchObject({
      ok: false,
      error: { code: 'IDENTITY_MISSING' },
    });
  });
});
