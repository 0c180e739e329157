// Peer ID: the first 20 bytes of SHA-256 over the SPKI public key, base32 (RFC 4648, lowercase, no padding).
// 160 bits keeps IDs short (32 characters) while a second key matching an ID stays out of reach (2^160 work).
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { bytesToBase32 } from '../encoding/bytes';
import { z } from 'zod';

const PEER_ID_BYTES = 20;
export const PEER_ID_PATTERN = /^[a-z2-7]{32}$/;

export const PeerIdSchema = z
  .string()
  .regex(PEER_ID_PATTERN, 'peer ID: 32 base32 characters')
  .brand<'PeerId'>();
export type PeerId = z.infer<typeof PeerIdSchema>;

/** The peer ID of a key, given SHA-256 of its SPKI. */
export const peerIdFromSpkiDigest = (sha256OfSpki: Uint8Array): PeerId =>
  PeerIdSchema.parse(bytesToBase32(sha256OfSpki.subarray(0, PEER_ID_BYTES)));

export const derivePeerId = async (crypto: WebCryptoPort, publicKeySpki: Uint8Array): Promise<PeerId> =>
  peerIdFromSpkiDigest(new Uint8Array(await crypto.subtle.digest('SHA-256', Uint8Array.from(publicKeySpki))));

export const publicKeyMatchesPeerId = async (
  crypto: WebCryptoPort,
  publicKeySpki: Uint8Array,
  peerId: string,
): Promise<boolean> => (await derivePeerId(crypto, publicKeySpki)) === peerId;
