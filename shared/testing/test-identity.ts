// A signing identity for tests of the session layer: a real RSA-PSS-3072 key pair over WebCrypto.
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { concatBytes } from '../encoding/byte-codec';
import { utf8 } from '../encoding/bytes';
import { exportPublicKeySpki, generateIdentityKeyPair } from '../identity/identity-keys';
import { derivePeerId } from '../identity/peer-id';
import type { HandshakeIdentity } from '../session/handshake';

export const createTestIdentity = async (crypto: WebCryptoPort): Promise<HandshakeIdentity> => {
  const pair = await generateIdentityKeyPair(crypto, { extractablePrivateKey: false });
  const signingKey = await exportPublicKeySpki(crypto, pair.publicKey);
  return {
    peerId: await derivePeerId(crypto, signingKey),
    signingKey,
    sign: async (domain, data) =>
      new Uint8Array(
        await crypto.subtle.sign(
          { name: 'RSA-PSS', saltLength: 32 },
          pair.privateKey,
          concatBytes(utf8(`${domain}\n`), data),
        ),
      ),
  };
};
