// The safety number with one contact, as the host computes it: our signing key and the one pinned for them on
// first contact (docs/PROTOCOL.md, "Safety numbers"). 10,400 hash rounds per number, so results are kept per
// pair of keys; a different pinned key is a different entry, never a stale answer.
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { bytesToBase64 } from '../encoding/bytes';
import { computeSafetyNumber, type SafetyNumber } from '../identity/safety-number';
import { fail, ok, type Result } from '../result';
import type { PinnedKeys } from '../session/session-service';

export interface SafetyNumberServiceDeps {
  readonly crypto: WebCryptoPort;
  /** Our signing key (SPKI), or null without an unlocked identity. */
  readonly ownSigningKey: () => Promise<Uint8Array | null>;
  readonly pinnedKeys: PinnedKeys;
}

export interface SafetyNumberService {
  forPeer(peerId: string): Promise<Result<SafetyNumber>>;
}

export const createSafetyNumberService = (deps: SafetyNumberServiceDeps): SafetyNumberService => {
  const computed = new Map<string, Promise<SafetyNumber>>();
  return {
    async forPeer(peerId) {
      const [own, theirs] = await Promise.all([deps.ownSigningKey(), deps.pinnedKeys.get(peerId)]);
      if (!own) {
        return fail('IDENTITY_MISSING', 'create or unlock an identity first');
      }
      if (!theirs) {
        return fail(
          'SAFETY_NUMBER_UNAVAILABLE',
          'their key is learned when you first connect; the safety number shows once you have',
        );
      }
      const key = `${bytesToBase64(own)}|${bytesToBase64(theirs)}`;
      let number = computed.get(key);
      if (!number) {
        number = computeSafetyNumber(deps.crypto, own, theirs);
        computed.set(key, number);
      }
      return ok(await number);
    },
  };
};
