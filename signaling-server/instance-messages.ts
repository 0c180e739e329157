// What instances sharing one Redis say to each other over pub/sub (docs/PROTOCOL.md, "Between instances"):
// batches of relayed signals and control messages on each instance's channel, presence on a shared one.
// Everything read back is validated like any other input.
import { z } from 'zod';
import { PeerIdSchema } from '../shared/identity/peer-id';
import type { PeerKey } from './peer-directory';

const PeerKeySchema = z.custom<PeerKey>(
  (value) => typeof value === 'string' && /^[a-z0-9][a-z0-9-]{0,63}\/[a-z2-7]{32}$/.test(value),
);
const Ref = z.string().max(64).optional();
/**
 * A relayed signal's routing. Signals travel in batches (below) with their frame text exactly as the recipient
 * gets it, so the payload is neither escaped into nor parsed out of a second layer of JSON.
 */
export interface SignalHeader {
  readonly k: 'signal';
  readonly from: PeerKey;
  readonly fromInstance: string;
  readonly to: PeerKey;
  readonly ref: string | undefined;
  /** How often it was forwarded because the peer had moved; once is enough. */
  readonly hops: 0 | 1;
}
type BatchedHeader = SignalHeader & { readonly n: number };
const PEER_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}\/[a-z2-7]{32}$/;
const BATCH_HEADER_KEYS: ReadonlySet<string> = new Set([
  'k',
  'from',
  'fromInstance',
  'to',
  'ref',
  'hops',
  'n',
]);

/**
 * A batch: the headers, each with its text's length, as a JSON array; a newline; then the texts back to back.
 * The headers are checked by hand, field by field: there is one per relayed signal, so no schema library here.
 */
const isBatchedHeader = (value: unknown): value is BatchedHeader => {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const header = value as Record<string, unknown>;
  for (const key in header) {
    if (!Object.hasOwn(header, key) || !BATCH_HEADER_KEYS.has(key)) {
      return false;
    }
  }
  const { from, to, ref, hops, n } = header;
  return (
    header.k === 'signal' &&
    typeof from === 'string' &&
    PEER_KEY_PATTERN.test(from) &&
    typeof to === 'string' &&
    PEER_KEY_PATTERN.test(to) &&
    typeof header.fromInstance === 'string' &&
    (ref === undefined || (typeof ref === 'string' && ref.length <= 64)) &&
    (hops === 0 || hops === 1) &&
    typeof n === 'number' &&
    Number.isInteger(n) &&
    n >= 0
  );
};
const InstanceMessageSchema = z.discriminatedUnion('k', [
  /** Where a peer is connected now, for the sender's cache. */
  z.object({ k: z.literal('owner'), key: PeerKeySchema, instance: z.string() }),
  z.object({ k: z.literal('replaced'), key: PeerKeySchema, conn: z.string() }),
  z.object({
    k: z.literal('failed'),
    from: PeerKeySchema,
    to: PeerIdSchema,
    code: z.enum(['SIGNAL_PEER_OFFLINE', 'SIGNAL_RECIPIENT_BUSY']),
    ref: Ref,
  }),
]);
export type InstanceMessage = z.infer<typeof InstanceMessageSchema>;
const PresenceMessageSchema = z.object({ key: PeerKeySchema, online: z.boolean() });

export const encodeInstanceMessage = (message: InstanceMessage): string => JSON.stringify(message);

export const encodePresence = (key: PeerKey, online: boolean): string => JSON.stringify({ key, online });

/**
 * Encodes signal batches. One header per relayed signal, written by hand: peer keys are checked [a-z0-9/-] and
 * the instance ID is escaped once, so only `ref` (any client text) needs JSON escaping.
 */
export const signalBatchEncoder = (): ((items: readonly [SignalHeader, string][]) => string) => {
  const instanceJson = new Map<string, string>();
  const escapedInstance = (id: string): string => {
    let escaped = instanceJson.get(id);
    if (escaped === undefined) {
      escaped = JSON.stringify(id);
      instanceJson.set(id, escaped);
    }
    return escaped;
  };
  const headerJson = (header: SignalHeader, length: number): string =>
    `{"k":"signal","from":"${header.from}","fromInstance":${escapedInstance(header.fromInstance)},` +
    `"to":"${header.to}",${header.ref === undefined ? '' : `"ref":${JSON.stringify(header.ref)},`}` +
    `"hops":${header.hops},"n":${length}}`;
  return (items) => {
    const headers = items.map(([itemHeader, itemText]) => headerJson(itemHeader, itemText.length));
    const texts = items.map(([, itemText]) => itemText).join('');
    return `[${headers.join(',')}]\n${texts}`;
  };
};

/** Where each kind of message read from Redis goes. */
export interface InstanceMessageHandlers {
  presence(key: PeerKey, online: boolean): void;
  signal(header: SignalHeader, text: string): void;
  control(message: InstanceMessage): void;
  /** Something on an instance channel that no instance sends. */
  invalid(channel: string, what: 'signal batch' | 'message'): void;
}

/** Reads one pub/sub message and hands what it holds to `handlers`; text that is not JSON is dropped unseen. */
export const instanceMessageReader =
  (presenceChannel: string, handlers: InstanceMessageHandlers) =>
  (channel: string, text: string): void => {
    const newline = text.indexOf('\n');
    let json: unknown;
    try {
      json = JSON.parse(newline < 0 ? text : text.slice(0, newline));
    } catch {
      return;
    }
    if (channel === presenceChannel) {
      const presence = PresenceMessageSchema.safeParse(json);
      if (presence.success) {
        handlers.presence(presence.data.key, presence.data.online);
      }
      return;
    }
    if (newline >= 0) {
      if (!Array.isArray(json) || !json.every(isBatchedHeader)) {
        handlers.invalid(channel, 'signal batch');
        return;
      }
      let at = newline + 1;
      for (const { n, ...header } of json) {
        handlers.signal(header, text.slice(at, at + n));
        at += n;
      }
      return;
    }
    const message = InstanceMessageSchema.safeParse(json);
    if (message.success) {
      handlers.control(message.data);
    } else {
      handlers.invalid(channel, 'message');
    }
  };
