// The ICE servers handed to a client on registration. With a TURN shared secret, TURN entries get short-lived
// credentials in the TURN REST API scheme coturn implements (`use-auth-secret`): the username is
// "<expiry unix seconds>:<peer ID>" and the password base64(HMAC-SHA1(secret, username)), so the TURN server
// checks them without any call back to us, and a leaked credential dies on its own.
import { createHmac } from 'node:crypto';
import type { PeerId } from '../shared/identity/peer-id';
import type { IceServer } from '../shared/signaling/signaling-frames';

export interface IceConfig {
  /** STUN (or TURN with static credentials) servers, passed through as given. */
  readonly iceServers: readonly IceServer[];
  /** TURN URLs that get per-peer credentials from `turnSecret`. */
  readonly turnUrls: readonly string[];
  readonly turnSecret: string | null;
  readonly turnCredentialTtlSeconds: number;
}

export const DEFAULT_TURN_TTL_SECONDS = 6 * 60 * 60;

export const turnCredential = (
  secret: string,
  peerId: PeerId,
  expiresAtSeconds: number,
): { readonly username: string; readonly credential: string } => {
  const username = `${expiresAtSeconds}:${peerId}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
};

export const iceServersFor = (config: IceConfig, peerId: PeerId, nowMs: number): IceServer[] => {
  const servers = [...config.iceServers];
  if (config.turnSecret && config.turnUrls.length > 0) {
    const expiresAt = Math.floor(nowMs / 1000) + config.turnCredentialTtlSeconds;
    servers.push({ urls: [...config.turnUrls], ...turnCredential(config.turnSecret, peerId, expiresAt) });
  }
  return servers;
};
