// Identity: create the user's key pair, describe it, and sign signaling challenges. The private key stays here.
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { base64ToBytes, bytesToBase64 } from '../encoding/bytes';
import type { IdentitySummary } from '../host/host-contract';
import type { IdentityVault, StoredIdentity } from '../ports/identity-vault';
import { fail, ok, type Result } from '../result';
import { signalingAuthMessage } from '../signaling/signaling-auth';
import { exportPublicKeySpki, generateIdentityKeyPair, signWithIdentity } from './identity-keys';
import { derivePeerId } from './peer-id';

export interface IdentityService {
  current(): Promise<Result<IdentitySummary | null>>;
  create(displayName: string): Promise<Result<IdentitySummary>>;
  signSignalingChallenge(
    serverId: string,
    nonce: string,
  ): Promise<Result<{ peerId: IdentitySummary['peerId']; publicKey: string; signature: string }>>;
}

export const createIdentityService = (deps: {
  readonly crypto: WebCryptoPort;
  readonly vault: IdentityVault;
}): IdentityService => {
  const { crypto, vault } = deps;
  // One creation at a time: a double click must not produce two identities.
  let creating: Promise<Result<IdentitySummary>> | null = null;

  const summarize = async (stored: StoredIdentity): Promise<IdentitySummary> => {
    const spki = await exportPublicKeySpki(crypto, stored.keyPair.publicKey);
    return {
      peerId: await derivePeerId(crypto, spki),
      displayName: stored.displayName,
      publicKey: bytesToBase64(spki),
    };
  };

  const createOnce = async (displayName: string): Promise<Result<IdentitySummary>> => {
    if (await vault.load()) {
      return fail('IDENTITY_EXISTS', 'an identity already exists on this device');
    }
    const keyPair = await generateIdentityKeyPair(crypto, {
      extractablePrivateKey: vault.needsExtractableKey,
    });
    const stored = { displayName, keyPair };
    await vault.save(stored);
    return ok(await summarize(stored));
  };

  return {
    async current() {
      const stored = await vault.load();
      return ok(stored ? await summarize(stored) : null);
    },
    create(displayName) {
      creating ??= createOnce(displayName).finally(() => {
        creating = null;
      });
      return creating;
    },
    async signSignalingChallenge(serverId, nonce) {
      const stored = await vault.load();
      if (!stored) {
        return fail('IDENTITY_MISSING', 'create an identity first');
      }
      // Decoding checks the nonce really is base64 before anything is signed over it.
      base64ToBytes(nonce);
      const summary = await summarize(stored);
      const signature = await signWithIdentity(
        crypto,
        stored.keyPair.privateKey,
        signalingAuthMessage(serverId, nonce),
      );
      return ok({
        peerId: summary.peerId,
        publicKey: summary.publicKey,
        signature: bytesToBase64(signature),
      });
    },
  };
};
