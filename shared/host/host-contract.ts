// The host contract: everything the UI may ask of the privileged side, as method -> argument and result schemas.
// Preload API, IPC handlers, the Worker endpoint and the renderer's types are all derived from this one object.
import { z } from 'zod';
import { MAX_BACKUP_CHARS } from '../identity/identity-backup';
import { KeyBundleSchema } from '../identity/key-bundle';
import { PeerIdSchema } from '../identity/peer-id';
import { MAX_TIME_MS } from '../messaging/message-format';
import { RealmSchema } from '../signaling/signaling-frames';
import { SettingsSchema, SettingsUpdateSchema } from '../settings/settings-schema';
import type { Result } from '../result';
import type { HostMethod } from './host-methods';

export { HOST_METHODS, hostChannel, isHostMethod, type HostMethod } from './host-methods';

// Whole base64 only (groups of four, padded), so the services' decoders never throw on what passed.
const Base64Schema = z
  .string()
  .max(48 * 1024)
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'base64');
const NoArguments = z.strictObject({});

export const IdentitySummarySchema = z.strictObject({
  peerId: PeerIdSchema,
  displayName: z.string(),
  /** The signing key (SPKI, base64), the same as keyBundle.signingKey. */
  publicKey: Base64Schema,
  /** What peers need to verify this identity and seal messages to it. */
  keyBundle: KeyBundleSchema,
});
export type IdentitySummary = z.infer<typeof IdentitySummarySchema>;

export const DisplayNameSchema = z.string().trim().min(1, 'a display name').max(64);

/** A passphrase being chosen: long enough to be worth the key derivation behind it. */
export const NewPassphraseSchema = z.string().min(8, 'a passphrase of at least 8 characters').max(1024);
/** A passphrase being entered: whatever was chosen, it is checked cryptographically, not here. */
const PassphraseSchema = z.string().min(1, 'a passphrase').max(1024);

export const VaultStatusSchema = z.strictObject({
  state: z.enum(['empty', 'locked', 'unlocked']),
  protection: z.enum(['os-keychain', 'passphrase', 'browser-storage', 'memory']),
});

/** Binary payloads cross IPC and postMessage as Uint8Array (structured clone), up to a record plus framing. */
const BytesSchema = z
  .custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes (Uint8Array)')
  .refine((bytes) => bytes.length <= 1024 * 1024 + 4096, 'at most 1 MiB');

export const hostContract = {
  getAppInfo: {
    args: NoArguments,
    result: z.strictObject({
      name: z.string(),
      version: z.string(),
      host: z.enum(['electron', 'browser']),
      platform: z.string(),
    }),
  },
  getVaultStatus: {
    args: NoArguments,
    result: VaultStatusSchema,
  },
  getIdentity: {
    args: NoArguments,
    result: IdentitySummarySchema.nullable(),
  },
  // The passphrase is used only where the host has no OS keychain (getVaultStatus says `passphrase`).
  createIdentity: {
    args: z.strictObject({ displayName: DisplayNameSchema, passphrase: NewPassphraseSchema.optional() }),
    result: IdentitySummarySchema,
  },
  unlockIdentity: {
    args: z.strictObject({ passphrase: PassphraseSchema }),
    result: IdentitySummarySchema,
  },
  // The passphrase protects the backup file only; it is independent of any vault passphrase.
  exportIdentityBackup: {
    args: z.strictObject({ passphrase: NewPassphraseSchema }),
    result: z.strictObject({ backup: z.string() }),
  },
  restoreIdentityBackup: {
    args: z.strictObject({
      backup: z.string().min(1).max(MAX_BACKUP_CHARS),
      passphrase: PassphraseSchema,
      replace: z.boolean().optional(),
      vaultPassphrase: NewPassphraseSchema.optional(),
    }),
    result: IdentitySummarySchema,
  },
  /** A new display name; the keys and the peer ID stay. Contacts learn it from the messenger, not from here. */
  renameIdentity: {
    args: z.strictObject({ displayName: DisplayNameSchema }),
    result: IdentitySummarySchema,
  },
  // The host builds the signed bytes itself (see signaling-auth.ts), so the UI cannot get arbitrary data signed.
  signSignalingChallenge: {
    args: z.strictObject({ serverId: z.string().min(1).max(256), realm: RealmSchema, nonce: Base64Schema }),
    result: z.strictObject({ bundle: KeyBundleSchema, signature: Base64Schema }),
  },
  /** Seals a WebRTC signal to a peer whose key bundle the signaling server handed out (verified by the host). */
  sealSignal: {
    args: z.strictObject({
      recipient: KeyBundleSchema,
      payload: z
        .string()
        .min(1)
        .max(32 * 1024),
    }),
    result: z.strictObject({ sealed: Base64Schema.max(48 * 1024) }),
  },
  /** Opens a sealed signal relayed from `from`; refuses stale, replayed or forged ones. */
  openSignal: {
    args: z.strictObject({ from: PeerIdSchema, sealed: Base64Schema.max(48 * 1024) }),
    result: z.strictObject({ payload: z.string() }),
  },
  getSettings: {
    args: NoArguments,
    result: SettingsSchema,
  },
  updateSettings: {
    args: SettingsUpdateSchema.strict(),
    result: SettingsSchema,
  },
  /**
   * `peerId`: the conversation the notification is about; clicking it opens that conversation. `expiresAt`: a
   * disappearing message's expiry, when the notification is taken down (not shown at all once past).
   */
  showNotification: {
    args: z.strictObject({
      title: z.string().min(1).max(200),
      body: z.string().max(1000),
      peerId: PeerIdSchema.optional(),
      expiresAt: z.number().int().nonnegative().max(MAX_TIME_MS).optional(),
    }),
    result: z.strictObject({ shown: z.boolean() }),
  },
  /** Unread messages, for the dock or taskbar badge and the tray (the browser build: the app badge). */
  setUnreadCount: {
    args: z.strictObject({ count: z.number().int().min(0).max(1_000_000) }),
    result: z.strictObject({}),
  },
  /** The safety number with a contact, from our key and the one pinned for them on first contact. */
  getSafetyNumber: {
    args: z.strictObject({ peerId: PeerIdSchema }),
    result: z.strictObject({
      digits: z.string().regex(/^\d{60}$/),
      groups: z.array(z.string().regex(/^\d{5}$/)).length(12),
      qrPayload: z.string().max(200),
    }),
  },
  // Session layer: the UI relays opaque bytes between the data channel and these methods; keys stay here.
  sessionBegin: {
    args: z.strictObject({ peerId: PeerIdSchema }),
    result: z.strictObject({ message: BytesSchema }),
  },
  sessionHandshake: {
    args: z.strictObject({ peerId: PeerIdSchema, message: BytesSchema }),
    result: z.strictObject({ reply: BytesSchema.nullable(), established: z.boolean() }),
  },
  sessionSeal: {
    args: z.strictObject({
      peerId: PeerIdSchema,
      conversationId: z.string().max(64),
      plaintext: BytesSchema,
    }),
    result: z.strictObject({ record: BytesSchema }),
  },
  sessionOpen: {
    args: z.strictObject({ peerId: PeerIdSchema, record: BytesSchema }),
    result: z.strictObject({ conversationId: z.string(), plaintext: BytesSchema }),
  },
  sessionEnd: {
    args: z.strictObject({ peerId: PeerIdSchema }),
    result: z.strictObject({}),
  },
  // `satisfies` rejects a method missing from, or extra to, HOST_METHODS.
} as const satisfies Record<HostMethod, { args: z.ZodType; result: z.ZodType }>;

export type HostContract = typeof hostContract;

export type HostArgs<M extends HostMethod> = z.input<HostContract[M]['args']>;
export type HostValue<M extends HostMethod> = z.output<HostContract[M]['result']>;

/** What the renderer holds: one async method per contract entry, each returning a Result. */
export type HostApi = { readonly [M in HostMethod]: (args: HostArgs<M>) => Promise<Result<HostValue<M>>> };

/** What a host implements: the same methods, receiving arguments that already passed validation. */
export type HostServices = {
  readonly [M in HostMethod]: (args: z.output<HostContract[M]['args']>) => Promise<Result<HostValue<M>>>;
};
