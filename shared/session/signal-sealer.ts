// Seals WebRTC signaling payloads (SDP, ICE candidates) to their recipient, so a signaling server relays them
// without being able to read them (docs/PROTOCOL.md, "Sealed signals"). Privileged: sealing signs with the
// identity key and opening unwraps with it. The recipient's key bundle comes from the signaling server, so it
// is verified here (it must hash to the peer ID, and match a pinned key if there is one) before anything is
// sealed to it; opened envelopes must be fresh and are accepted once.
import type { CryptoSuite } from '../crypto/crypto-suite';
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { base64ToBytes, bytesToBase64, utf8, utf8ToString } from '../encoding/bytes';
import type { LocalIdentity } from '../identity/identity-service';
import { verifyKeyBundle } from '../identity/key-bundle';
import { bytesEqual } from '../encoding/byte-codec';
import { fail, ok, type Result } from '../result';
import { openEnvelope, sealEnvelope } from './sealed-envelope';
import type { PinnedKeys } from './session-service';

/** Signals older than this are refused: an offer is useless after a minute, and a replay of it is an attack. */
export const SIGNAL_MAX_AGE_MS = 2 * 60 * 1000;
/** Envelope IDs remembered for replay detection, each until its envelope is too old to be accepted anyway. */
const MAX_REMEMBERED = 10_000;

export interface SignalSealerDeps {
  readonly crypto: WebCryptoPort;
  readonly suite: CryptoSuite;
  readonly identity: () => Promise<LocalIdentity | null>;
  readonly pinnedKeys: PinnedKeys;
  readonly now: () => number;
}

export interface SignalSealer {
  /** `recipientBundle` as the signaling server handed it out: untrusted until verified here. */
  seal(recipientBundle: unknown, payload: string): Promise<Result<string>>;
  open(senderId: string, sealed: string): Promise<Result<string>>;
}

export const createSignalSealer = (deps: SignalSealerDeps): SignalSealer => {
  // Envelope ID (base64) -> until when an envelope with it could still be accepted: SIGNAL_MAX_AGE_MS after the
  // date the sender gave it, not after it arrived, since a sender's clock may run up to MAX_CLOCK_SKEW_MS ahead.
  const seen = new Map<string, number>();
  const remember = (id: string, acceptableUntil: number, now: number): void => {
    // Oldest first; one still acceptable stops the sweep (a few later ones that are not wait for the next).
    for (const [known, until] of seen) {
      if (seen.size < MAX_REMEMBERED && until >= now) {
        break;
      }
      seen.delete(known);
    }
    seen.set(id, acceptableUntil);
  };

  return {
    async seal(recipientBundle, payload) {
      const identity = await deps.identity();
      if (!identity) {
        return fail('IDENTITY_MISSING', 'create or unlock an identity first');
      }
      const verified = await verifyKeyBundle(deps.crypto, recipientBundle);
      if (!verified.ok) {
        return verified;
      }
      const pinned = await deps.pinnedKeys.get(verified.value.peerId);
      if (pinned && !bytesEqual(pinned, verified.value.signingKey)) {
        return fail(
          'SESSION_SAFETY_NUMBER_CHANGED',
          `${verified.value.peerId} presents a different identity key`,
        );
      }
      const sealed = await sealEnvelope(
        { suite: deps.suite, sender: identity, now: deps.now },
        { peerId: verified.value.peerId, encryptionKey: verified.value.encryptionKey },
        utf8(payload),
      );
      return sealed.ok ? ok(bytesToBase64(sealed.value)) : sealed;
    },

    async open(senderId, sealed) {
      const identity = await deps.identity();
      if (!identity) {
        return fail('IDENTITY_MISSING', 'create or unlock an identity first');
      }
      let envelope: Uint8Array;
      try {
        envelope = base64ToBytes(sealed);
      } catch {
        return fail('ENVELOPE_MALFORMED', 'a sealed signal must be base64');
      }
      const pinned = await deps.pinnedKeys.get(senderId);
      const opened = await openEnvelope({ suite: deps.suite, recipient: identity, now: deps.now }, envelope, {
        expectedSender: pinned ? { peerId: senderId, pinnedSigningKey: pinned } : { peerId: senderId },
        maxAgeMs: SIGNAL_MAX_AGE_MS,
      });
      if (!opened.ok) {
        return opened;
      }
      const id = bytesToBase64(opened.value.envelopeId);
      if (seen.has(id)) {
        return fail('ENVELOPE_REPLAYED', 'this signal was already received');
      }
      const payload = utf8ToString(opened.value.plaintext);
      if (payload === null) {
        return fail('ENVELOPE_MALFORMED', 'a signal must be UTF-8 text');
      }
      remember(id, opened.value.createdAt + SIGNAL_MAX_AGE_MS, deps.now());
      return ok(payload);
    },
  };
};
