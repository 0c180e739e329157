import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyBundle } from '../identity/key-bundle';
import type { PeerId } from '../identity/peer-id';
import { fail, ok } from '../result';
import { createSealedSignals, type SealedSignalsDeps } from './sealed-signals';

const BOB = 'b'.repeat(32) as PeerId;
const bundle = { peerId: BOB } as KeyBundle;
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const harness = (overrides: Partial<SealedSignalsDeps> = {}) => {
  const sent: string[] = [];
  const delivered: string[] = [];
  const errors: string[] = [];
  let lookups = 0;
  const signals = createSealedSignals({
    lookup: () => {
      lookups += 1;
      return Promise.resolve(ok(bundle));
    },
    // Sealing takes a varying time, as RSA signing through IPC does.
    seal: async (_to, payload) => {
      await tick(payload.length % 3);
      return ok(`sealed(${payload})`);
    },
    open: async (_from, sealed) => {
      await tick(sealed.length % 3);
      return ok(sealed.replace(/^sealed\((.*)\)$/, '$1'));
    },
    sendSealed: (_to, sealed) => sent.push(sealed),
    deliver: (_from, payload) => delivered.push(payload),
    onError: (_peer, code) => errors.push(code),
    ...overrides,
  });
  return { signals, sent, delivered, errors, lookups: () => lookups };
};

describe('sealed signals', () => {
  it('keeps each peer’s signals in order whatever sealing and opening take, and looks a bundle up once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 12 }),
        async (payloads) => {
          const { signals, sent, delivered, lookups } = harness();
          await Promise.all(payloads.map((payload) => signals.send(BOB, payload)));
          expect(sent).toEqual(payloads.map((payload) => `sealed(${payload})`));
          await Promise.all(sent.map((sealed) => signals.receive(BOB, sealed)));
          expect(delivered).toEqual(payloads);
          expect(lookups()).toBe(payloads.length === 0 ? 0 : 1);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('reports a failed lookup, seal or open and sends or delivers nothing for it', async () => {
    const offline = harness({ lookup: () => Promise.resolve(fail('SIGNAL_PEER_OFFLINE', 'offline')) });
    await offline.signals.send(BOB, 'offer');
    expect(offline.sent).toEqual([]);
    expect(offline.errors).toEqual(['SIGNAL_PEER_OFFLINE']);

    const changed = harness({
      seal: () => Promise.resolve(fail('SESSION_SAFETY_NUMBER_CHANGED', 'changed')),
    });
    await changed.signals.send(BOB, 'offer');
    await changed.signals.send(BOB, 'offer');
    expect(changed.errors).toEqual(['SESSION_SAFETY_NUMBER_CHANGED', 'SESSION_SAFETY_NUMBER_CHANGED']);
    // A refused seal drops the cached bundle, so the next attempt asks the server again.
    expect(changed.lookups()).toBe(2);

    // A server answering a lookup of Bob with someone else's keys (its own, to read the offer): nothing is sealed.
    const MALLORY = 'm'.repeat(32) as PeerId;
    const swapped = harness({ lookup: () => Promise.resolve(ok({ peerId: MALLORY } as KeyBundle)) });
    await swapped.signals.send(BOB, 'offer');
    expect(swapped.sent).toEqual([]);
    expect(swapped.errors).toEqual(['KEY_BUNDLE_PEER_ID_MISMATCH']);

    const forged = harness({ open: () => Promise.resolve(fail('ENVELOPE_BAD_SIGNATURE', 'forged')) });
    await forged.signals.receive(BOB, 'sealed(x)');
    expect(forged.delivered).toEqual([]);
    expect(forged.errors).toEqual(['ENVELOPE_BAD_SIGNATURE']);
  });
});
