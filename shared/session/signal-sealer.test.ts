import { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWebCryptoSuite } from '../crypto/web-crypto-suite';
import { base64ToBytes, bytesToBase64 } from '../encoding/bytes';
import type { IdentityCryptoPort } from '../identity/identity-crypto-port';
import { createIdentityService, type LocalIdentity } from '../identity/identity-service';
import type { KeyBundle } from '../identity/key-bundle';
import { createMemoryDocumentStore, createMemoryIdentityVault } from '../testing/memory-ports';
import { createDocumentPinnedKeys } from './document-pinned-keys';
import { createSignalSealer, SIGNAL_MAX_AGE_MS, type SignalSealer } from './signal-sealer';

const crypto = webcrypto as unknown as IdentityCryptoPort;
const suite = createWebCryptoSuite(crypto);

interface Peer {
  readonly local: LocalIdentity;
  readonly bundle: KeyBundle;
}

const newPeer = async (name: string): Promise<Peer> => {
  const service = createIdentityService({ crypto, vault: createMemoryIdentityVault(crypto) });
  await service.create(name);
  const local = await service.localIdentity();
  if (!local.ok) {
    throw new Error(local.error.message);
  }
  return { local: local.value, bundle: local.value.keyBundle };
};

let alice: Peer;
let bob: Peer;
let mallory: Peer;
let clock = 1_750_000_000_000;

const sealerFor = (peer: Peer, pins = createDocumentPinnedKeys(createMemoryDocumentStore())): SignalSealer =>
  createSignalSealer({
    crypto,
    suite,
    identity: () => Promise.resolve(peer.local),
    pinnedKeys: pins,
    now: () => clock,
  });

beforeAll(async () => {
  [alice, bob, mallory] = await Promise.all([newPeer('Alice'), newPeer('Bob'), newPeer('Mallory')]);
});

const valueOf = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
  if (!result.ok) {
    throw new Error(result.error.code);
  }
  return result.value;
};

describe('sealed signals', () => {
  it('carries a signal only the recipient can open, and reveals no SDP to the relay', async () => {
    const offer = '{"type":"offer","sdp":"v=0\\r\\nc=IN IP4 198.18.0.1\\r\\n"}';
    const sealed = valueOf(await sealerFor(alice).seal(bob.bundle, offer));
    expect(Buffer.from(base64ToBytes(sealed)).includes('198.18.0.1')).toBe(false);
    expect(valueOf(await sealerFor(bob).open(alice.local.peerId, sealed))).toBe(offer);
    expect(await sealerFor(mallory).open(alice.local.peerId, sealed)).toMatchObject({
      error: { code: 'ENVELOPE_WRONG_RECIPIENT' },
    });
  });

  it('accepts each signal once', async () => {
    const bobSealer = sealerFor(bob);
    const sealed = valueOf(await sealerFor(alice).seal(bob.bundle, 'candidate'));
    expect(valueOf(await bobSealer.open(alice.local.peerId, sealed))).toBe('candidate');
    expect(await bobSealer.open(alice.local.peerId, sealed)).toMatchObject({
      error: { code: 'ENVELOPE_REPLAYED' },
    });
  });

  it('refuses a replay for as long as the signal is acceptable, also from a sender whose clock runs ahead', async () => {
    const aheadBy = 4 * 60_000;
    const aliceAhead = createSignalSealer({
      crypto,
      suite,
      identity: () => Promise.resolve(alice.local),
      pinnedKeys: createDocumentPinnedKeys(createMemoryDocumentStore()),
      now: () => clock + aheadBy,
    });
    const bobSealer = sealerFor(bob);
    const offer = valueOf(await aliceAhead.seal(bob.bundle, 'offer'));
    expect(valueOf(await bobSealer.open(alice.local.peerId, offer))).toBe('offer');
    // Past the age limit counted from its arrival, though not from its date, a new signal sweeps the memory.
    clock += SIGNAL_MAX_AGE_MS + 1_000;
    const candidate = valueOf(await aliceAhead.seal(bob.bundle, 'candidate'));
    expect(valueOf(await bobSealer.open(alice.local.peerId, candidate))).toBe('candidate');
    expect(await bobSealer.open(alice.local.peerId, offer)).toMatchObject({
      error: { code: 'ENVELOPE_REPLAYED' },
    });
  });

  it('refuses a stale signal', async () => {
    const sealed = valueOf(await sealerFor(alice).seal(bob.bundle, 'old offer'));
    clock += SIGNAL_MAX_AGE_MS + 1;
    expect(await sealerFor(bob).open(alice.local.peerId, sealed)).toMatchObject({
      error: { code: 'ENVELOPE_EXPIRED' },
    });
  });

  it('refuses a signal whose relayed sender is not its signer (a spoofing relay)', async () => {
    const sealed = valueOf(await sealerFor(mallory).seal(bob.bundle, 'offer'));
    expect(await sealerFor(bob).open(alice.local.peerId, sealed)).toMatchObject({
      error: { code: 'ENVELOPE_BAD_SIGNATURE' },
    });
  });

  it('refuses a tampered signal', async () => {
    const bytes = base64ToBytes(valueOf(await sealerFor(alice).seal(bob.bundle, 'offer')));
    const at = bytes.length - 400;
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    const opened = await sealerFor(bob).open(alice.local.peerId, bytesToBase64(bytes));
    expect(opened.ok).toBe(false);
    expect(await sealerFor(bob).open(alice.local.peerId, '%%%')).toMatchObject({
      error: { code: 'ENVELOPE_MALFORMED' },
    });
  });

  it('will not seal to a bundle the relay forged, nor to a contact whose key changed', async () => {
    const forged = { ...mallory.bundle, peerId: bob.bundle.peerId };
    expect(await sealerFor(alice).seal(forged, 'offer')).toMatchObject({
      error: { code: 'KEY_BUNDLE_PEER_ID_MISMATCH' },
    });
    const pins = createDocumentPinnedKeys(createMemoryDocumentStore());
    await pins.pin(bob.local.peerId, mallory.local.signingKey);
    expect(await sealerFor(alice, pins).seal(bob.bundle, 'offer')).toMatchObject({
      error: { code: 'SESSION_SAFETY_NUMBER_CHANGED' },
    });
  });
});
