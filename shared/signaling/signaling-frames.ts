// Signaling wire format v1 (docs/PROTOCOL.md): every frame is JSON with a `type` discriminant and `v: 1`.
// Strict objects: unknown fields are rejected, not ignored.
import { z } from 'zod';
import { ERROR_CODES } from '../errors';
import { KeyBundleSchema } from '../identity/key-bundle';
import { PEER_ID_PATTERN, PeerIdSchema } from '../identity/peer-id';

export const SIGNALING_PROTOCOL_VERSION = 1;
export const SIGNALING_PATH = '/signal';
/** Largest frame either side accepts; a sealed SDP with candidates is a few KiB. */
export const MAX_SIGNALING_FRAME_BYTES = 64 * 1024;
/** Peer IDs one `watch` or `unwatch` frame may name. */
export const MAX_WATCH_BATCH = 256;
export const DEFAULT_REALM = 'default';
/** Realm names: lowercase letters, digits and dashes, so they are safe in logs, Redis keys and URLs. */
export const RealmSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'realm: lowercase letters, digits and dashes');

const v = z.literal(SIGNALING_PROTOCOL_VERSION);
const Base64 = z
  .string()
  .max(8192)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/);
/** Longest `payload` of a signal: a sealed envelope of a large SDP, with room to spare under the frame limit. */
export const MAX_SIGNAL_PAYLOAD_CHARS = 48 * 1024;
const Payload = z.string().min(1).max(MAX_SIGNAL_PAYLOAD_CHARS);
/** Chosen by the client to match an answer or an error to the frame that caused it. */
const Ref = z.string().min(1).max(64).optional();
const PeerIdBatch = z.array(PeerIdSchema).min(1).max(MAX_WATCH_BATCH);

export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    v,
    type: z.literal('register'),
    realm: RealmSchema,
    bundle: KeyBundleSchema,
    signature: Base64,
  }),
  z.strictObject({ v, type: z.literal('signal'), to: PeerIdSchema, payload: Payload, ref: Ref }),
  z.strictObject({ v, type: z.literal('lookup'), peerId: PeerIdSchema, ref: Ref }),
  z.strictObject({ v, type: z.literal('watch'), peerIds: PeerIdBatch }),
  z.strictObject({ v, type: z.literal('unwatch'), peerIds: PeerIdBatch }),
  z.strictObject({ v, type: z.literal('ice') }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export const IceServerSchema = z.strictObject({
  urls: z.union([z.string().min(1).max(512), z.array(z.string().min(1).max(512)).min(1).max(16)]),
  username: z.string().max(512).optional(),
  credential: z.string().max(512).optional(),
});

export type IceServer = z.infer<typeof IceServerSchema>;
const IceServers = z.array(IceServerSchema).max(16);

/** The longest window a server may ask its clients to spread their return over (a goaway's reconnectWithinMs). */
export const MAX_RECONNECT_WITHIN_MS = 60_000;

export const ServerFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({ v, type: z.literal('challenge'), serverId: z.string().min(1).max(256), nonce: Base64 }),
  z.strictObject({
    v,
    type: z.literal('registered'),
    peerId: PeerIdSchema,
    realm: RealmSchema,
    iceServers: IceServers,
  }),
  z.strictObject({ v, type: z.literal('signal'), from: PeerIdSchema, payload: Payload }),
  z.strictObject({ v, type: z.literal('bundle'), bundle: KeyBundleSchema, ref: Ref }),
  z.strictObject({ v, type: z.literal('presence'), peerId: PeerIdSchema, online: z.boolean() }),
  z.strictObject({ v, type: z.literal('ice'), iceServers: IceServers }),
  z.strictObject({
    v,
    type: z.literal('goaway'),
    reason: z.string().max(200),
    /** Reconnect after a random delay up to this; the load balancer will send the client elsewhere. */
    reconnectWithinMs: z.number().int().min(0).max(MAX_RECONNECT_WITHIN_MS),
  }),
  z.strictObject({
    v,
    type: z.literal('error'),
    code: z.enum(ERROR_CODES),
    message: z.string().max(500),
    ref: Ref,
  }),
]);
export type ServerFrame = z.infer<typeof ServerFrameSchema>;

/** Parses one text frame; malformed JSON and schema violations both come back as `null`. */
export const parseFrame = <T>(schema: z.ZodType<T>, text: string): T | null => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
};

const SIGNAL_FRAME_KEYS: ReadonlySet<string> = new Set(['v', 'type', 'to', 'payload', 'ref']);

/**
 * The schema's rules for a `signal` frame, checked by hand: signals are nearly all the traffic, and this is
 * several times cheaper than the general parser. Anything it does not accept goes to the schema, so it can only
 * be stricter, never looser (a property test holds the two together).
 */
export const isPlainSignalFrame = (value: unknown): value is Extract<ClientFrame, { type: 'signal' }> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const frame = value as Record<string, unknown>;
  for (const key in frame) {
    if (!Object.hasOwn(frame, key) || !SIGNAL_FRAME_KEYS.has(key)) {
      return false;
    }
  }
  const { to, payload, ref } = frame;
  return (
    frame.v === SIGNALING_PROTOCOL_VERSION &&
    frame.type === 'signal' &&
    typeof to === 'string' &&
    PEER_ID_PATTERN.test(to) &&
    typeof payload === 'string' &&
    payload.length >= 1 &&
    payload.length <= MAX_SIGNAL_PAYLOAD_CHARS &&
    (ref === undefined || (typeof ref === 'string' && ref.length >= 1 && ref.length <= 64))
  );
};

/** Parses one client frame: signals through the fast check, everything else (and any doubt) through zod. */
export const parseClientFrame = (text: string): ClientFrame | null => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (isPlainSignalFrame(json)) {
    return json;
  }
  const parsed = ClientFrameSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
};

/** A relayed signal as the recipient receives it, built without a general serializer (`from` is a peer ID). */
export const relayedSignalText = (from: string, payload: string): string =>
  `{"v":${SIGNALING_PROTOCOL_VERSION},"type":"signal","from":"${from}","payload":${JSON.stringify(payload)}}`;
