// Signaling wire format v1 (docs/PROTOCOL.md): every frame is JSON with a `type` discriminant and `v: 1`.
// Strict objects: unknown fields are rejected, not ignored.
import { z } from 'zod';
import { ERROR_CODES } from '../errors';
import { PeerIdSchema } from '../identity/peer-id';

export const SIGNALING_PROTOCOL_VERSION = 1;
export const SIGNALING_PATH = '/signal';
/** Largest frame either side accepts; an SDP with candidates is a few KiB. */
export const MAX_SIGNALING_FRAME_BYTES = 64 * 1024;

const v = z.literal(SIGNALING_PROTOCOL_VERSION);
const Base64 = z
  .string()
  .max(8192)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/);
const Payload = z
  .string()
  .min(1)
  .max(48 * 1024);

export const ClientFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({
    v,
    type: z.literal('register'),
    peerId: PeerIdSchema,
    publicKey: Base64,
    signature: Base64,
  }),
  z.strictObject({ v, type: z.literal('signal'), to: PeerIdSchema, payload: Payload }),
]);
export type ClientFrame = z.infer<typeof ClientFrameSchema>;

export const IceServerSchema = z.strictObject({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

export type IceServer = z.infer<typeof IceServerSchema>;

export const ServerFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({ v, type: z.literal('challenge'), serverId: z.string().min(1).max(256), nonce: Base64 }),
  z.strictObject({
    v,
    type: z.literal('registered'),
    peerId: PeerIdSchema,
    iceServers: z.array(IceServerSchema),
  }),
  z.strictObject({ v, type: z.literal('signal'), from: PeerIdSchema, payload: Payload }),
  z.strictObject({ v, type: z.literal('error'), code: z.enum(ERROR_CODES), message: z.string().max(500) }),
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
