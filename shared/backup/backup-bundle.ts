// The full backup file (docs/PROTOCOL.md §6, "Full backup"): the host's identity backup, verbatim (its keys are
// already encrypted by the host; private keys never reach the UI), and the archive file gzipped and sealed with
// AES-256-GCM under a key derived from the same passphrase. WebCrypto only, so it runs in the page, in Node
// and in tests alike; compression comes in as a port because shared/ has no stream globals.
import { z } from 'zod';
import { parseJsonDocument } from '../encoding/json-document';
import { bytesEqual, concatBytes } from '../encoding/byte-codec';
import { base64ToBytes, bytesToBase64, utf8, utf8ToString } from '../encoding/bytes';
import type { IdentityCryptoPort } from '../identity/identity-crypto-port';
import { PeerIdSchema, type PeerId } from '../identity/peer-id';
import { fail, ok, type Result } from '../result';

export const BUNDLE_FORMAT = 'parley-backup';
export const BUNDLE_VERSION = 1;
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256; files record their count so it can be raised later. */
export const BUNDLE_PBKDF2_ITERATIONS = 600_000;
// Refusing larger counts keeps a crafted file from occupying the page for minutes.
export const MAX_BUNDLE_PBKDF2_ITERATIONS = 10_000_000;
/** About V8's longest string: a larger file cannot be read as text anyway. */
export const MAX_BUNDLE_CHARS = 2 ** 29;
/** The archive JSON inside, once decompressed; a gzip bomb stops here. */
export const MAX_ARCHIVE_BYTES = 2 ** 29;
/** The host's identity backup is at most this long (shared/identity/identity-backup.ts, MAX_BACKUP_CHARS). */
const MAX_IDENTITY_CHARS = 32_768;

const SALT_BYTES = 16;
const IV_BYTES = 12;
const CHECK_BYTES = 16;
const KEY_BYTES = 32;
const HKDF_INFO_KEY = 'parley-backup-v1 archive key';
const HKDF_INFO_CHECK = 'parley-backup-v1 passphrase check';

/** gzip, supplied by the runtime (CompressionStream in the page; node:zlib in tests). */
export interface GzipPort {
  gzip(data: Uint8Array): Promise<Uint8Array>;
  /** Null when the data is not gzip or would decompress to more than `maxBytes`. */
  gunzip(data: Uint8Array, maxBytes: number): Promise<Uint8Array | null>;
}

export interface BackupBundleOptions {
  /**
   * Test-only: a lower PBKDF2 count, so a suite can make and open many files. Refused outside Vitest; when
   * opening, it lowers the accepted minimum to this count.
   */
  readonly dangerousTestOnlyIterations?: number;
}

const base64Of = (bytes: number) =>
  z
    .string()
    .length(4 * Math.ceil(bytes / 3))
    .refine((text) => decodesTo(text, bytes), `${String(bytes)} bytes of base64`);

const decodesTo = (text: string, length: number): boolean => {
  try {
    return base64ToBytes(text).length === length;
  } catch {
    return false;
  }
};

export const BackupBundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  v: z.literal(BUNDLE_VERSION),
  createdAt: z.number().int().min(0).max(8.64e15),
  /** The identity backup text exactly as the host's exportIdentityBackup returned it. */
  identity: z.string().min(1).max(MAX_IDENTITY_CHARS),
  archive: z.strictObject({
    kdf: z.strictObject({
      name: z.literal('PBKDF2'),
      hash: z.literal('SHA-256'),
      iterations: z.number().int().positive(),
      salt: base64Of(SALT_BYTES),
      /** HKDF of the PBKDF2 output under its own label: tells a wrong passphrase from a damaged file. */
      check: base64Of(CHECK_BYTES),
    }),
    cipher: z.strictObject({ name: z.literal('AES-256-GCM'), iv: base64Of(IV_BYTES) }),
    compression: z.literal('gzip'),
    /** Ciphertext followed by the 16-byte tag, base64. */
    data: z.string().min(24),
  }),
});
export type BackupBundle = z.infer<typeof BackupBundleSchema>;

/** The part of the identity backup the bundle reads: whose it is. The host checks the rest on restore. */
const IdentityHeaderSchema = z.looseObject({
  format: z.literal('parley-identity-backup'),
  v: z.literal(1),
  peerId: PeerIdSchema,
});

export interface OpenedBundle {
  readonly createdAt: number;
  /** Whose identity and archive these are, as the identity backup names it. */
  readonly peerId: PeerId;
  /** For the host's restoreIdentityBackup, with the same passphrase. */
  readonly identityBackup: string;
  /** The archive file (JSON v1), still to be validated by the archive import. */
  readonly archiveJson: string;
}

const invalid = (reason: string) => fail('BACKUP_INVALID', `not a valid Parley backup: ${reason}`);

// Honest about its name: a cheap work factor exists for the test suite's speed, never for a running app. Vitest
// marks both its Node and browser runs with MODE 'test'; production builds replace import.meta.env with theirs.
const checkTestOnlyIterations = (iterations: number): void => {
  const mode = (import.meta as { readonly env?: { readonly MODE?: unknown } }).env?.MODE;
  const node = (globalThis as { readonly process?: { readonly env: Record<string, string | undefined> } })
    .process;
  const inVitest =
    node === undefined || (node.env['VITEST'] === 'true' && node.env['NODE_ENV'] !== 'production');
  if (mode !== 'test' || !inVitest) {
    throw new Error('dangerousTestOnlyIterations is refused outside the test suite');
  }
  if (!Number.isInteger(iterations) || iterations < 1 || iterations >= BUNDLE_PBKDF2_ITERATIONS) {
    throw new RangeError(
      `dangerousTestOnlyIterations must be an integer from 1 below ${String(BUNDLE_PBKDF2_ITERATIONS)}`,
    );
  }
};

const iterationsFor = (options: BackupBundleOptions): number => {
  const { dangerousTestOnlyIterations } = options;
  if (dangerousTestOnlyIterations === undefined) {
    return BUNDLE_PBKDF2_ITERATIONS;
  }
  checkTestOnlyIterations(dangerousTestOnlyIterations);
  return dangerousTestOnlyIterations;
};

const copy = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => Uint8Array.from(bytes);

/** The AES key and the passphrase check, both from one PBKDF2 run (HKDF splits it, so PBKDF2 runs once). */
const deriveKeys = async (
  crypto: IdentityCryptoPort,
  passphrase: string,
  salt: Uint8Array,
  iterations: number,
) => {
  const { subtle } = crypto;
  // NFC, so the same passphrase typed on any OS derives the same key.
  const base = await subtle.importKey(
    'raw',
    copy(utf8(passphrase.normalize('NFC'))),
    { name: 'PBKDF2' },
    false,
    ['deriveBits'],
  );
  const master = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: copy(salt), iterations },
    base,
    KEY_BYTES * 8,
  );
  const expandable = await subtle.importKey('raw', new Uint8Array(master), { name: 'HKDF' }, false, [
    'deriveBits',
  ]);
  const expand = async (info: string, bytes: number) =>
    new Uint8Array(
      await subtle.deriveBits(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: copy(utf8(info)) },
        expandable,
        bytes * 8,
      ),
    );
  const [raw, check] = await Promise.all([
    expand(HKDF_INFO_KEY, KEY_BYTES),
    expand(HKDF_INFO_CHECK, CHECK_BYTES),
  ]);
  const key = await subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  raw.fill(0);
  return { key, check };
};

/**
 * What the ciphertext is bound to: the format and version, when it was made, every parameter it was sealed
 * with, and the identity part (by its SHA-256), so none of them can be changed or swapped unnoticed.
 */
const additionalData = async (
  crypto: IdentityCryptoPort,
  bundle: Omit<BackupBundle, 'archive'> & {
    readonly archive: Omit<BackupBundle['archive'], 'data'>;
  },
): Promise<Uint8Array<ArrayBuffer>> => {
  const { kdf, cipher, compression } = bundle.archive;
  const header = [
    bundle.format,
    String(bundle.v),
    String(bundle.createdAt),
    `${kdf.name}-${kdf.hash}`,
    String(kdf.iterations),
    kdf.salt,
    kdf.check,
    cipher.name,
    cipher.iv,
    compression,
    '',
  ].join('\n');
  const identityDigest = new Uint8Array(await crypto.subtle.digest('SHA-256', copy(utf8(bundle.identity))));
  return concatBytes(utf8(header), identityDigest);
};

/**
 * Whether a file's text is a full backup rather than an identity backup, by its content: the format comes first
 * in both, so a prefix decides without parsing a large file twice (opening it validates it whole).
 */
export const isBackupBundle = (text: string): boolean =>
  /^\s*\{\s*"format"\s*:\s*"parley-backup"/.test(text.slice(0, 1_024));

export const sealBackupBundle = async (
  crypto: IdentityCryptoPort,
  gzip: GzipPort,
  parts: {
    readonly identityBackup: string;
    readonly archiveJson: string;
    readonly createdAt: number;
    readonly passphrase: string;
  },
  options: BackupBundleOptions = {},
): Promise<string> => {
  const iterations = iterationsFor(options);
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const { key, check } = await deriveKeys(crypto, parts.passphrase, salt, iterations);
  const header = {
    format: BUNDLE_FORMAT,
    v: BUNDLE_VERSION,
    createdAt: parts.createdAt,
    identity: parts.identityBackup,
    archive: {
      kdf: {
        name: 'PBKDF2',
        hash: 'SHA-256',
        iterations,
        salt: bytesToBase64(salt),
        check: bytesToBase64(check),
      },
      cipher: { name: 'AES-256-GCM', iv: bytesToBase64(iv) },
      compression: 'gzip',
    },
  } as const;
  const compressed = await gzip.gzip(utf8(parts.archiveJson));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: await additionalData(crypto, header), tagLength: 128 },
    key,
    copy(compressed),
  );
  const bundle: BackupBundle = {
    ...header,
    archive: { ...header.archive, data: bytesToBase64(new Uint8Array(sealed)) },
  };
  return `${JSON.stringify(bundle)}\n`;
};

const parseBundle = (text: string, minIterations: number): Result<BackupBundle> => {
  const parsed = parseJsonDocument(text, BackupBundleSchema, MAX_BUNDLE_CHARS);
  if (!parsed.ok) {
    return invalid(parsed.reason);
  }
  const { iterations } = parsed.value.archive.kdf;
  // Checked before any key derivation: too few would accept a weakened file, too many would hang the page.
  if (iterations < minIterations || iterations > MAX_BUNDLE_PBKDF2_ITERATIONS) {
    return invalid(
      `PBKDF2 iterations must be ${String(minIterations)}–${String(MAX_BUNDLE_PBKDF2_ITERATIONS)}`,
    );
  }
  return ok(parsed.value);
};

const identityOwner = (identity: string): PeerId | null => {
  try {
    const header = IdentityHeaderSchema.safeParse(JSON.parse(identity));
    return header.success ? header.data.peerId : null;
  } catch {
    return null;
  }
};

/**
 * Opens a full backup: BACKUP_INVALID for anything malformed, altered or damaged, BACKUP_WRONG_PASSPHRASE when
 * the passphrase is not the one it was made with. Changes nothing; the caller validates the archive and hands
 * the identity part to the host.
 */
export const openBackupBundle = async (
  crypto: IdentityCryptoPort,
  gzip: GzipPort,
  text: string,
  passphrase: string,
  options: BackupBundleOptions = {},
): Promise<Result<OpenedBundle>> => {
  const parsed = parseBundle(text, iterationsFor(options));
  if (!parsed.ok) {
    return parsed;
  }
  const bundle = parsed.value;
  const peerId = identityOwner(bundle.identity);
  if (peerId === null) {
    return invalid('its identity part is not a Parley identity backup');
  }
  let sealed: Uint8Array;
  try {
    sealed = base64ToBytes(bundle.archive.data);
  } catch {
    return invalid('archive.data is not base64');
  }
  const { kdf, cipher } = bundle.archive;
  const { key, check } = await deriveKeys(crypto, passphrase, base64ToBytes(kdf.salt), kdf.iterations);
  if (!bytesEqual(check, base64ToBytes(kdf.check))) {
    return fail('BACKUP_WRONG_PASSPHRASE', 'the passphrase does not open this backup');
  }
  let compressed: Uint8Array;
  try {
    compressed = new Uint8Array(
      await crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: copy(base64ToBytes(cipher.iv)),
          additionalData: await additionalData(crypto, bundle),
          tagLength: 128,
        },
        key,
        copy(sealed),
      ),
    );
  } catch {
    return invalid('the file was altered or damaged after it was made');
  }
  const plain = await gzip.gunzip(compressed, MAX_ARCHIVE_BYTES);
  const archiveJson = plain === null ? null : utf8ToString(plain);
  if (archiveJson === null) {
    return invalid('its archive does not decompress to UTF-8 text');
  }
  return ok({ createdAt: bundle.createdAt, peerId, identityBackup: bundle.identity, archiveJson });
};
