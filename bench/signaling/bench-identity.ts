// A load-test identity: the key bundle a peer registers with and its signing key, in a form that crosses the
// IPC channel to the client processes (plain strings); and the RSA-PSS signature the protocol asks of it.
import { createPrivateKey, sign, constants, type KeyObject } from 'node:crypto';
import type { KeyBundle } from '../../shared/identity/key-bundle';

export interface BenchIdentity {
  readonly bundle: KeyBundle;
  /** PKCS#8 DER of the RSA-PSS signing key, base64. */
  readonly signingPkcs8: string;
}

export const signingKeyOf = (identity: BenchIdentity): KeyObject =>
  createPrivateKey({ key: Buffer.from(identity.signingPkcs8, 'base64'), format: 'der', type: 'pkcs8' });

/**
 * RSA-PSS with SHA-256 (MGF1-SHA-256) and a 32-byte salt: what WebCrypto's `{ name: 'RSA-PSS', saltLength: 32 }`
 * produces, so the server's WebCrypto verification accepts it. Runs on libuv's thread pool.
 */
export const signPss = (key: KeyObject, data: Uint8Array): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    sign(
      'sha256',
      data,
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      (error, signature) => (error ? reject(error) : resolve(signature)),
    ),
  );
