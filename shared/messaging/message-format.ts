// Messaging wire format v1 (docs/PROTOCOL.md, "Messages"): what travels inside session records between two
// peers. MessagePack-encoded (compact, binary-safe, schema-free on the wire) and validated with zod on receipt:
// nothing invalid is ever stored. Frames of kinds this version does not know are reported as `unknown` so a
// newer peer's additions are skipped safely.
import { decode, encode } from '@msgpack/msgpack';
import { z } from 'zod';
import { PeerIdSchema, type PeerId } from '../identity/peer-id';

export const MESSAGE_FORMAT_VERSION = 1;
/** Largest text of one message, in UTF-16 code units (a long letter; files travel as attachments). */
export const MAX_TEXT_CHARS = 64 * 1024;
/** Largest encoded frame; bigger payloads are chunked by the link (and must stay under a session record). */
export const MAX_FRAME_BYTES = 256 * 1024;
export const MAX_IDS_PER_FRAME = 512;
/** The longest disappearing-messages timer: a year (disappearing-timer.ts). */
export const MAX_TIMER_SECONDS = 365 * 86_400;

/** UUIDv7: time-ordered, so IDs sort roughly by creation and index well. */
export const MessageIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a UUIDv7 message ID');
export type MessageId = z.infer<typeof MessageIdSchema>;
export const ConversationIdSchema = z.string().min(1).max(64);

const Ids = z.array(MessageIdSchema).min(1).max(MAX_IDS_PER_FRAME);
const DisplayName = z.string().trim().min(1).max(64);

/** The longest emoji a reaction carries, in UTF-16 code units (the longest recommended ones take 14). */
export const MAX_REACTION_CHARS = 32;
/**
 * Exactly one emoji of Unicode's recommended set (UTS #51's RGI_Emoji: pictographs with their presentation
 * selector, skin tones, flags, keycaps, recommended ZWJ sequences). Anything looser lets a "reaction" carry a
 * chain of pictographs, stacked combining marks or hidden tag characters. A RegExp built from a string: the `v`
 * flag is newer than the language level the code is compiled for, though every runtime here has it.
 */
const ONE_RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

/** One emoji, as a reaction shows it. */
export const isReactionEmoji = (text: string): boolean =>
  text.length > 0 && text.length <= MAX_REACTION_CHARS && ONE_RGI_EMOJI.test(text);

/**
 * `text` as one reaction emoji: itself, or without the presentation selectors (U+FE0F) it carries after characters
 * that are emoji by default, which some emoji data adds (`👎` + FE0F for `👎`); null when neither is one emoji.
 */
export const asReactionEmoji = (text: string): string | null => {
  if (isReactionEmoji(text)) {
    return text;
  }
  const bare = text.replace(/(\p{Emoji_Presentation})\uFE0F/gu, '$1');
  return isReactionEmoji(bare) ? bare : null;
};

/** The body of each message type this version knows; `t` selects it. */
export const MessageBodySchemas = {
  text: z.strictObject({ text: z.string().min(1).max(MAX_TEXT_CHARS) }),
  /** The recipient read these messages (a receipt is itself delivered reliably, but never shown). */
  read: z.strictObject({ ids: Ids }),
  /** Delete these messages of mine for everyone. */
  delete: z.strictObject({ ids: Ids }),
  'contact-request': z.strictObject({ displayName: DisplayName, note: z.string().max(500).optional() }),
  'contact-accept': z.strictObject({ displayName: DisplayName }),
  /** Disappearing messages in this conversation from now on: seconds each text lives, 0 for off. */
  timer: z.strictObject({ seconds: z.number().int().min(0).max(MAX_TIMER_SECONDS) }),
  /** The name I go by from now on (the latest in conversation order wins); never shown as a message. */
  profile: z.strictObject({ displayName: DisplayName }),
  /** New text for my text `meta.editOf` (message-edits.ts says when it applies); never shown as a message. */
  edit: z.strictObject({ text: z.string().min(1).max(MAX_TEXT_CHARS) }),
  /**
   * My reaction to message `of` from now on, '' for none (message-reactions.ts says which counts); never shown as
   * a message. The target is in the body, not `meta`: an older version checks `meta` even of types it skips.
   */
  reaction: z.strictObject({
    of: MessageIdSchema,
    emoji: z.string().refine((emoji) => emoji === '' || isReactionEmoji(emoji), 'one emoji, or none'),
  }),
} as const;
export type MessageType = keyof typeof MessageBodySchemas;
export const MESSAGE_TYPES = Object.keys(MessageBodySchemas) as MessageType[];

/** The latest time a JavaScript Date holds (ms since epoch): any later one cannot be shown or sorted as a date. */
export const MAX_TIME_MS = 8_640_000_000_000_000;
const TimeSchema = z.number().int().nonnegative().max(MAX_TIME_MS);

const MetaSchema = z.strictObject({
  replyTo: MessageIdSchema.optional(),
  editOf: MessageIdSchema.optional(),
  /** Sender's clock, ms since epoch: after this the message is not delivered, and is deleted where stored. */
  expiresAt: TimeSchema.optional(),
});

const MessageFields = {
  id: MessageIdSchema,
  from: PeerIdSchema,
  to: PeerIdSchema,
  conversation: ConversationIdSchema,
  /** The sender's clock when it was written, ms since epoch. */
  sentAt: TimeSchema,
  /** Per sender and recipient, from 1 without gaps: lets the recipient notice what it has not received. */
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  meta: MetaSchema.optional(),
};

/** Fields a type adds to or tightens in MessageFields: an edit must say which message it edits. */
const TYPE_FIELDS: Partial<Record<MessageType, z.ZodRawShape>> = {
  edit: { meta: MetaSchema.extend({ editOf: MessageIdSchema }) },
};

export const MessageSchema = z.discriminatedUnion(
  't',
  MESSAGE_TYPES.map((type) =>
    z.strictObject({
      ...MessageFields,
      ...TYPE_FIELDS[type],
      t: z.literal(type),
      body: MessageBodySchemas[type],
    }),
  ) as unknown as readonly [z.ZodObject, ...z.ZodObject[]],
);

/** A time brought within a Date's range (older versions stored and showed any number; a Date throws past it). */
export const timeInRange = (at: number): number => Math.min(Math.max(at, 0), MAX_TIME_MS);

/** A stored or exported message's times brought within a Date's range (older versions stored any number). */
const clampTimes = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const message = value as { sentAt?: unknown; meta?: unknown };
  const clamp = (time: unknown) => (typeof time === 'number' ? timeInRange(time) : time);
  const meta = message.meta;
  return {
    ...message,
    sentAt: clamp(message.sentAt),
    ...(typeof meta === 'object' && meta !== null && 'expiresAt' in meta
      ? { meta: { ...meta, expiresAt: clamp(meta.expiresAt) } }
      : {}),
  };
};

/**
 * A message as a store or an archive file holds it: the wire's rules, except that times an older version let
 * through past a Date's range are clamped to it rather than refused, so such data never stops a store opening.
 */
export const StoredMessageSchema = z.preprocess(clampTimes, MessageSchema) as unknown as z.ZodType<Message>;

/** `message` with its times within a Date's range, for what shows or exports a message an older version stored. */
export const withTimesInRange = (message: Message): Message => clampTimes(message) as Message;

export type Message = {
  [T in MessageType]: {
    readonly id: MessageId;
    readonly from: PeerId;
    readonly to: PeerId;
    readonly conversation: string;
    readonly sentAt: number;
    readonly seq: number;
    readonly meta?: z.infer<typeof MetaSchema>;
    readonly t: T;
    readonly body: z.infer<(typeof MessageBodySchemas)[T]>;
  };
}[MessageType];

/** A message of a type this version does not know: only its header is trusted, to acknowledge it. */
const ForeignMessageSchema = z.object({ ...MessageFields, t: z.string().min(1).max(64) });

const AckSchema = z.strictObject({
  v: z.literal(MESSAGE_FORMAT_VERSION),
  k: z.literal('ack'),
  /** Messages now durably stored (or known duplicates). */
  ids: z.array(MessageIdSchema).max(MAX_IDS_PER_FRAME),
  /** Every message of this sender up to this sequence number has been received. */
  upTo: z.number().int().nonnegative(),
  /** Sequence numbers above `upTo` still missing: the sender resends them at once. */
  missing: z.array(z.number().int().min(1)).max(64),
});

const TypingSchema = z.strictObject({
  v: z.literal(MESSAGE_FORMAT_VERSION),
  k: z.literal('typing'),
  conversation: ConversationIdSchema,
  active: z.boolean(),
});

/** Messages the recipient will not take, with the reason; the sender marks them failed. */
export const REJECTION_CODES = ['MESSAGE_NOT_A_CONTACT', 'MESSAGE_WRONG_PARTY', 'MESSAGE_INVALID'] as const;
const RejectSchema = z.strictObject({
  v: z.literal(MESSAGE_FORMAT_VERSION),
  k: z.literal('reject'),
  ids: z.array(MessageIdSchema).max(MAX_IDS_PER_FRAME),
  code: z.enum(REJECTION_CODES),
  reason: z.string().max(200),
});

export type Frame =
  | { readonly v: 1; readonly k: 'msg'; readonly m: Message }
  | z.infer<typeof AckSchema>
  | z.infer<typeof TypingSchema>
  | z.infer<typeof RejectSchema>;

export type DecodedFrame =
  | { readonly kind: 'frame'; readonly frame: Frame }
  /** A message whose type this version does not know: acknowledge it, store nothing. */
  | { readonly kind: 'foreign-message'; readonly id: MessageId; readonly from: PeerId; readonly seq: number }
  /** A frame kind from a newer version: ignore. */
  | { readonly kind: 'unknown' }
  | { readonly kind: 'invalid'; readonly reason: string };

export const encodeFrame = (frame: Frame): Uint8Array => encode(frame, { ignoreUndefined: true });

const EnvelopeSchema = z.object({ v: z.number(), k: z.string() });

/** Decodes and validates one frame; never throws. */
export const decodeFrame = (bytes: Uint8Array): DecodedFrame => {
  if (bytes.length > MAX_FRAME_BYTES) {
    return { kind: 'invalid', reason: `frame larger than ${MAX_FRAME_BYTES} bytes` };
  }
  let raw: unknown;
  try {
    raw = decode(bytes, { maxStrLength: MAX_FRAME_BYTES, maxArrayLength: 4096, maxMapLength: 64 });
  } catch {
    return { kind: 'invalid', reason: 'not MessagePack' };
  }
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    return { kind: 'invalid', reason: 'not a frame' };
  }
  if (envelope.data.v !== MESSAGE_FORMAT_VERSION) {
    return envelope.data.v > MESSAGE_FORMAT_VERSION
      ? { kind: 'unknown' }
      : { kind: 'invalid', reason: `unsupported version ${envelope.data.v}` };
  }
  switch (envelope.data.k) {
    case 'msg':
      return decodeMessageFrame(raw);
    case 'ack': {
      const ack = AckSchema.safeParse(raw);
      return ack.success ? { kind: 'frame', frame: ack.data } : invalid(ack.error);
    }
    case 'reject': {
      const reject = RejectSchema.safeParse(raw);
      return reject.success ? { kind: 'frame', frame: reject.data } : invalid(reject.error);
    }
    case 'typing': {
      const typing = TypingSchema.safeParse(raw);
      return typing.success ? { kind: 'frame', frame: typing.data } : invalid(typing.error);
    }
    default:
      return { kind: 'unknown' };
  }
};

const invalid = (error: z.ZodError): DecodedFrame => {
  const issue = error.issues[0];
  return { kind: 'invalid', reason: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
};

/** A message frame's envelope; the message inside is checked on its own, by type. Built once, not per frame. */
const MessageEnvelopeSchema = z.strictObject({ v: z.literal(1), k: z.literal('msg'), m: z.unknown() });

const decodeMessageFrame = (raw: unknown): DecodedFrame => {
  const frame = MessageEnvelopeSchema.safeParse(raw);
  if (!frame.success) {
    return invalid(frame.error);
  }
  const type = (frame.data.m as { t?: unknown } | null)?.t;
  if (typeof type === 'string' && !(MESSAGE_TYPES as readonly string[]).includes(type)) {
    const foreign = ForeignMessageSchema.safeParse(frame.data.m);
    return foreign.success
      ? { kind: 'foreign-message', id: foreign.data.id, from: foreign.data.from, seq: foreign.data.seq }
      : invalid(foreign.error);
  }
  const message = MessageSchema.safeParse(frame.data.m);
  return message.success
    ? { kind: 'frame', frame: { v: 1, k: 'msg', m: message.data as Message } }
    : invalid(message.error);
};

/** The conversation of two peers: both IDs, smaller first, so both sides name it the same (64 characters). */
export const directConversationId = (a: PeerId, b: PeerId): string => (a < b ? `${a}${b}` : `${b}${a}`);

/**
 * The order of a conversation, the same on every device: the sender's timestamp, then the sender's ID, then its
 * sequence number (so one sender's messages never swap), then the message ID.
 */
export const compareMessages = (
  a: Pick<Message, 'sentAt' | 'from' | 'seq' | 'id'>,
  b: Pick<Message, 'sentAt' | 'from' | 'seq' | 'id'>,
): number =>
  a.sentAt - b.sentAt ||
  (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) ||
  a.seq - b.seq ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
