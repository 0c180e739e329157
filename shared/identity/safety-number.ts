// Safety numbers (docs/PROTOCOL.md, "Safety numbers"): what two people compare, side by side or over a channel
// they trust, to confirm each holds the other's real signing key. Signal's numeric fingerprint, version 0: per
// side, 5200 rounds of SHA-512 over the key and peer ID make a 30-digit fingerprint; the pair's number is both
// fingerprints in sorted order, so it reads the same on either device.
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { concatBytes } from '../encoding/byte-codec';
import { bytesToBase32, utf8 } from '../encoding/bytes';
import { derivePeerId } from './peer-id';

export const SAFETY_NUMBER_VERSION = 0;
// Signal's figure: makes finding a second key with the same 30 digits cost 5200 hashes per attempt.
export const SAFETY_NUMBER_ITERATIONS = 5200;
const CHUNKS = 6;
const CHUNK_BYTES = 5;
const QR_FINGERPRINT_BYTES = 32;
export const SAFETY_NUMBER_QR_PREFIX = 'PARLEY-SN:1:';

export interface SafetyNumber {
  /** 60 digits. */
  readonly digits: string;
  /** The digits as 12 groups of 5, the way they are shown. */
  readonly groups: readonly string[];
  /** What a QR code of the pair shows: version-tagged, equal on both devices. */
  readonly qrPayload: string;
}

interface SideFingerprint {
  readonly hash: Uint8Array;
  readonly digits: string;
}

/** Five bytes, big-endian, as a number below 2^40 (exact in a double), reduced to five decimal digits. */
const chunkDigits = (hash: Uint8Array, offset: number): string => {
  let value = 0;
  for (let i = 0; i < CHUNK_BYTES; i += 1) {
    value = value * 256 + (hash[offset + i] ?? 0);
  }
  return String(value % 100_000).padStart(5, '0');
};

const sideFingerprint = async (crypto: WebCryptoPort, signingSpki: Uint8Array): Promise<SideFingerprint> => {
  const peerId = await derivePeerId(crypto, signingSpki);
  const version = Uint8Array.of(SAFETY_NUMBER_VERSION >> 8, SAFETY_NUMBER_VERSION & 0xff);
  let hash: Uint8Array = concatBytes(version, signingSpki, utf8(peerId));
  for (let round = 0; round < SAFETY_NUMBER_ITERATIONS; round += 1) {
    hash = new Uint8Array(await crypto.subtle.digest('SHA-512', concatBytes(hash, signingSpki)));
  }
  let digits = '';
  for (let chunk = 0; chunk < CHUNKS; chunk += 1) {
    digits += chunkDigits(hash, chunk * CHUNK_BYTES);
  }
  return { hash, digits };
};

/** Both sides, the one whose digits sort first first; the same on either device. */
const orderedSides = async (
  crypto: WebCryptoPort,
  oneSigningSpki: Uint8Array,
  otherSigningSpki: Uint8Array,
): Promise<readonly [SideFingerprint, SideFingerprint]> => {
  const [one, other] = await Promise.all([
    sideFingerprint(crypto, oneSigningSpki),
    sideFingerprint(crypto, otherSigningSpki),
  ]);
  return one.digits <= other.digits ? [one, other] : [other, one];
};

/** The 30-digit fingerprint of one signing key, half of any safety number that involves it. */
export const safetyNumberFingerprint = async (
  crypto: WebCryptoPort,
  signingSpki: Uint8Array,
): Promise<string> => (await sideFingerprint(crypto, signingSpki)).digits;

/**
 * The QR payload: `PARLEY-SN:1:` then the first 32 bytes of each side's final hash, in the same order as the
 * digits, base32 upper case (QR alphanumeric mode). Equal on both devices, so checking a scanned code is a plain
 * comparison, over 256 bits per side rather than the digits' 100.
 */
const qrPayloadOf = (first: SideFingerprint, second: SideFingerprint): string =>
  SAFETY_NUMBER_QR_PREFIX +
  bytesToBase32(
    concatBytes(first.hash.subarray(0, QR_FINGERPRINT_BYTES), second.hash.subarray(0, QR_FINGERPRINT_BYTES)),
  ).toUpperCase();

export const computeSafetyNumber = async (
  crypto: WebCryptoPort,
  oneSigningSpki: Uint8Array,
  otherSigningSpki: Uint8Array,
): Promise<SafetyNumber> => {
  const [first, second] = await orderedSides(crypto, oneSigningSpki, otherSigningSpki);
  const digits = first.digits + second.digits;
  return { digits, groups: digits.match(/\d{5}/g) ?? [], qrPayload: qrPayloadOf(first, second) };
};

export const safetyNumberQrPayload = async (
  crypto: WebCryptoPort,
  oneSigningSpki: Uint8Array,
  otherSigningSpki: Uint8Array,
): Promise<string> => (await computeSafetyNumber(crypto, oneSigningSpki, otherSigningSpki)).qrPayload;
