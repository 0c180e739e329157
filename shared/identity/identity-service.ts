// Identity: create, unlock, back up and restore the user's two key pairs, describe them, and perform the private
// operations other services need (signing, key unwrapping). Private keys never leave this service or its vault,
// except passphrase-encrypted inside a backup.
import { base64ToBytes, bytesToBase64 } from '../encoding/bytes';
import { DisplayNameSchema, type IdentitySummary } from '../host/host-contract';
import type { IdentityVault, StoredIdentity, VaultStatus } from '../ports/identity-vault';
import { fail, ok, type Result } from '../result';
import { SIGNALING_AUTH_CONTEXT, signalingAuthMessage } from '../signaling/signaling-auth';
import { createIdentityBackup, openIdentityBackup } from './identity-backup';
import type { IdentityCryptoPort } from './identity-crypto-port';
import { domainSeparated, exportPublicKeySpki, signWithIdentity, unwrapWithIdentity } from './identity-keys';
import { generateIdentityRecord } from './identity-record';
import { createKeyBundle, ENCRYPTION_KEY_CERTIFICATE_DOMAIN, type KeyBundle } from './key-bundle';
import { derivePeerId, type PeerId } from './peer-id';

/**
 * The local identity for the session layer, a snapshot of the identity at the time it was asked for: it satisfies
 * the handshake's identity and the sealed envelope's opener. Ask again after a restore.
 */
export interface LocalIdentity {
  readonly peerId: PeerId;
  readonly signingKey: Uint8Array;
  readonly encryptionKey: Uint8Array;
  readonly keyBundle: KeyBundle;
  /** RSA-PSS over utf8(domain + "\n") || data. */
  sign(domain: string, data: Uint8Array): Promise<Uint8Array>;
  /** RSA-OAEP decryption; null when it fails. */
  unwrapKey(wrapped: Uint8Array): Promise<Uint8Array | null>;
}

export interface RestoreRequest {
  readonly backup: string;
  readonly passphrase: string;
  /** Without it, restoring over an existing identity fails with IDENTITY_EXISTS. */
  readonly replace?: boolean;
  /** Protects the restored keys at rest where the vault needs a passphrase (no OS keychain). */
  readonly vaultPassphrase?: string;
}

export interface SignalingChallenge {
  readonly serverId: string;
  readonly realm: string;
  readonly nonce: string;
}

export interface IdentityService {
  status(): Promise<Result<VaultStatus>>;
  current(): Promise<Result<IdentitySummary | null>>;
  /** `passphrase` protects the keys at rest only where the vault has no OS encryption. */
  create(displayName: string, options?: { readonly passphrase?: string }): Promise<Result<IdentitySummary>>;
  unlock(passphrase: string): Promise<Result<IdentitySummary>>;
  /** Answers a signaling server's challenge: this identity's key bundle and its signature over the login. */
  signSignalingChallenge(
    request: SignalingChallenge,
  ): Promise<Result<{ bundle: KeyBundle; signature: string }>>;
  exportBackup(passphrase: string): Promise<Result<string>>;
  /**
   * Gives the identity a new display name (trimmed; IDENTITY_DISPLAY_NAME_INVALID when empty or over 64
   * characters, and nothing changes). The keys, and so the peer ID, stay as they are.
   */
  rename(displayName: string): Promise<Result<IdentitySummary>>;
  restoreBackup(request: RestoreRequest): Promise<Result<IdentitySummary>>;

  // Privileged only: never part of the host contract, so the UI can neither choose what is signed nor unwrap.
  keyBundle(): Promise<Result<KeyBundle>>;
  /** Signs utf8(domain + "\n") || data; domains are printable ASCII, and those of this service are refused. */
  sign(domain: string, data: Uint8Array): Promise<Result<Uint8Array>>;
  /** RSA-OAEP-SHA256 decryption with the encryption key; IDENTITY_UNWRAP_FAILED when it does not decrypt. */
  unwrapKey(wrapped: Uint8Array): Promise<Result<Uint8Array>>;
  localIdentity(): Promise<Result<LocalIdentity>>;
}

// Signatures in these domains are made here only: a caller of sign() could otherwise certify a foreign
// encryption key or log in to a signaling server as this user.
const RESERVED_DOMAINS: ReadonlySet<string> = new Set([
  ENCRYPTION_KEY_CERTIFICATE_DOMAIN,
  SIGNALING_AUTH_CONTEXT,
]);

export const createIdentityService = (deps: {
  readonly crypto: IdentityCryptoPort;
  readonly vault: IdentityVault;
}): IdentityService => {
  const { crypto, vault } = deps;

  // Creation, restore, unlock and renaming change the vault; they run one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusively = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };
  // A double click must not produce two identities: concurrent creations share one attempt.
  let creating: Promise<Result<IdentitySummary>> | null = null;

  const summarize = async (stored: StoredIdentity) => {
    const [signingSpki, encryptionSpki] = await Promise.all([
      exportPublicKeySpki(crypto, stored.signing.publicKey),
      exportPublicKeySpki(crypto, stored.encryption.publicKey),
    ]);
    const keyBundle = await createKeyBundle(crypto, {
      signingSpki,
      encryptionSpki,
      certificate: stored.certificate,
    });
    const summary: IdentitySummary = {
      peerId: keyBundle.peerId,
      displayName: stored.displayName,
      publicKey: keyBundle.signingKey,
      keyBundle,
    };
    return { summary, signingSpki, encryptionSpki };
  };

  /** The stored identity, or the reason there is none to use. */
  const required = async (): Promise<Result<StoredIdentity>> => {
    const loaded = await vault.load();
    if (!loaded.ok) {
      return loaded;
    }
    return loaded.value ? ok(loaded.value) : fail('IDENTITY_MISSING', 'create an identity first');
  };

  const currentSummary = async (): Promise<Result<IdentitySummary>> => {
    const stored = await required();
    return stored.ok ? ok((await summarize(stored.value)).summary) : stored;
  };

  const signAs = async (stored: StoredIdentity, domain: string, data: Uint8Array): Promise<Uint8Array> => {
    if (RESERVED_DOMAINS.has(domain)) {
      throw new RangeError(`the signing domain ${domain} is reserved to the identity service`);
    }
    return signWithIdentity(crypto, stored.signing.privateKey, domainSeparated(domain, data));
  };

  const createOnce = async (
    displayName: string,
    passphrase: string | undefined,
  ): Promise<Result<IdentitySummary>> => {
    const status = await vault.status();
    if (status.state !== 'empty') {
      return fail('IDENTITY_EXISTS', 'an identity already exists on this device');
    }
    // Checked before the slow key generation; the vault checks again.
    if (status.protection === 'passphrase' && passphrase === undefined) {
      return fail(
        'IDENTITY_PASSPHRASE_REQUIRED',
        'no OS keychain is available: choose a passphrase for your keys',
      );
    }
    const record = await generateIdentityRecord(crypto, displayName);
    const saved = await vault.save(record, passphrase === undefined ? {} : { passphrase });
    return saved.ok ? currentSummary() : saved;
  };

  const restoreOnce = async (request: RestoreRequest): Promise<Result<IdentitySummary>> => {
    const status = await vault.status();
    if (status.state !== 'empty' && request.replace !== true) {
      return fail(
        'IDENTITY_EXISTS',
        'an identity already exists on this device; restoring over it needs replace',
      );
    }
    if (
      status.protection === 'passphrase' &&
      status.state !== 'unlocked' &&
      request.vaultPassphrase === undefined
    ) {
      return fail(
        'IDENTITY_PASSPHRASE_REQUIRED',
        'no OS keychain is available: choose a passphrase for your keys',
      );
    }
    const record = await openIdentityBackup(crypto, request.backup, request.passphrase);
    if (!record.ok) {
      return record;
    }
    const saved = await vault.save(
      record.value,
      request.vaultPassphrase === undefined ? {} : { passphrase: request.vaultPassphrase },
    );
    return saved.ok ? currentSummary() : saved;
  };

  return {
    async status() {
      return ok(await vault.status());
    },

    async current() {
      const loaded = await vault.load();
      if (!loaded.ok) {
        return loaded;
      }
      return ok(loaded.value ? (await summarize(loaded.value)).summary : null);
    },

    create(displayName, options = {}) {
      creating ??= exclusively(() => createOnce(displayName, options.passphrase)).finally(() => {
        creating = null;
      });
      return creating;
    },

    unlock(passphrase) {
      return exclusively(async () => {
        if ((await vault.status()).state === 'empty') {
          return fail('IDENTITY_MISSING', 'there is no identity to unlock');
        }
        const unlocked = await vault.unlock(passphrase);
        return unlocked.ok ? currentSummary() : unlocked;
      });
    },

    async signSignalingChallenge({ serverId, realm, nonce }) {
      const stored = await required();
      if (!stored.ok) {
        return stored;
      }
      // Decoding checks the nonce really is base64 before anything is signed over it.
      base64ToBytes(nonce);
      const { summary } = await summarize(stored.value);
      const signature = await signWithIdentity(
        crypto,
        stored.value.signing.privateKey,
        signalingAuthMessage(serverId, realm, nonce),
      );
      return ok({ bundle: summary.keyBundle, signature: bytesToBase64(signature) });
    },

    async exportBackup(passphrase) {
      const exported = await vault.exportRecord();
      if (!exported.ok) {
        return exported;
      }
      if (exported.value === null) {
        return fail('IDENTITY_MISSING', 'there is no identity to back up');
      }
      const record = exported.value;
      const peerId = await derivePeerId(crypto, record.signing.spki);
      return ok(await createIdentityBackup(crypto, { peerId, record }, passphrase));
    },

    restoreBackup(request) {
      return exclusively(() => restoreOnce(request));
    },

    rename(displayName) {
      const name = DisplayNameSchema.safeParse(displayName);
      if (!name.success) {
        return Promise.resolve(
          fail('IDENTITY_DISPLAY_NAME_INVALID', 'a display name is 1 to 64 characters, not only spaces'),
        );
      }
      return exclusively(async () => {
        const renamed = await vault.rename(name.data);
        return renamed.ok ? currentSummary() : renamed;
      });
    },

    async keyBundle() {
      const summary = await currentSummary();
      return summary.ok ? ok(summary.value.keyBundle) : summary;
    },

    async sign(domain, data) {
      const stored = await required();
      return stored.ok ? ok(await signAs(stored.value, domain, data)) : stored;
    },

    async unwrapKey(wrapped) {
      const stored = await required();
      if (!stored.ok) {
        return stored;
      }
      const key = await unwrapWithIdentity(crypto, stored.value.encryption.privateKey, wrapped);
      return key
        ? ok(key)
        : fail('IDENTITY_UNWRAP_FAILED', 'the wrapped key does not decrypt with this identity');
    },

    async localIdentity() {
      const stored = await required();
      if (!stored.ok) {
        return stored;
      }
      const identity = stored.value;
      const { summary, signingSpki, encryptionSpki } = await summarize(identity);
      return ok({
        peerId: summary.peerId,
        signingKey: signingSpki,
        encryptionKey: encryptionSpki,
        keyBundle: summary.keyBundle,
        sign: (domain, data) => signAs(identity, domain, data),
        unwrapKey: (wrapped) => unwrapWithIdentity(crypto, identity.encryption.privateKey, wrapped),
      });
    },
  };
};
