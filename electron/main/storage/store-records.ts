// The durable store's records: the schemas every journal and snapshot line is checked against (every record is
// checked before it is written too, so nothing the store writes can stop it from opening), and the error a
// damaged folder gives.
import { z } from 'zod';
import { PeerIdSchema } from '../../../shared/identity/peer-id';
import { STATUS_TRANSITIONS } from '../../../shared/messaging/memory-message-store';
import { MessageIdSchema, StoredMessageSchema } from '../../../shared/messaging/message-format';
import type { ContactState, DeliveryStatus } from '../../../shared/messaging/message-store';

export const FORMAT_VERSION = 1;
export const TOMBSTONES_PER_LINE = 512;
export const CONTACT_STATES: Record<ContactState, true> = {
  accepted: true,
  blocked: true,
  'requested-by-me': true,
  'requested-by-them': true,
  unknown: true,
};

/** The store's files are damaged; nothing was changed on disk. */
export class MessageStoreCorruptError extends Error {
  override readonly name = 'MessageStoreCorruptError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    detail: string,
  ) {
    super(
      `The message store is damaged: ${file}${line === null ? '' : ` line ${line}`}: ${detail}. ` +
        'Nothing was changed; restore the folder from a backup, or move it aside to start with no messages.',
    );
  }
}

// The record schemas: every line read back is checked against them, and every record is checked before it is
// written, so nothing the store writes can stop it from opening.
export { StoredMessageSchema };
export const StatusSchema = z.enum(Object.keys(STATUS_TRANSITIONS) as [DeliveryStatus, ...DeliveryStatus[]]);
export const ContactStateSchema = z.enum(Object.keys(CONTACT_STATES) as [ContactState, ...ContactState[]]);
export const SeqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const Ids = z.array(MessageIdSchema).min(1);
/** The edit a stored text shows (message-edits.ts EditMark). */
export const EditMarkSchema = z.strictObject({ id: MessageIdSchema, sentAt: z.number(), seq: SeqSchema });
export const ContactRecord = z.strictObject({
  type: z.literal('contact'),
  peer: PeerIdSchema,
  state: ContactStateSchema,
});

export const OperationSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('created'), message: StoredMessageSchema }),
  z.strictObject({
    type: z.literal('status'),
    ids: Ids,
    status: StatusSchema,
    failure: z.string().optional(),
  }),
  /** The user retried a failed message at `at` (MessageStore.retry). */
  z.strictObject({ type: z.literal('retried'), id: MessageIdSchema, at: z.number() }),
  z.strictObject({
    type: z.literal('received'),
    message: StoredMessageSchema,
    receivedAt: z.number(),
    request: z.boolean(),
  }),
  z.strictObject({ type: z.literal('seen'), from: PeerIdSchema, seq: SeqSchema }),
  z.strictObject({ type: z.literal('deleted'), ids: Ids }),
  /**
   * IDs `by` deleted before they arrived (MessageStore.deleteMessages): a text from `by` under one is never stored.
   */
  z.strictObject({ type: z.literal('overtaken'), by: PeerIdSchema, ids: Ids }),
  /** Messages, sent or received, whose `expiresAt` passed (disappearing messages): their content is erased. */
  z.strictObject({ type: z.literal('expired'), ids: Ids }),
  ContactRecord,
]);
export type Operation = z.infer<typeof OperationSchema>;

export const JournalLineSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('journal'),
    v: z.literal(FORMAT_VERSION),
    generation: z.number().int().min(0),
  }),
  /** The operations of one group commit (usually one). */
  z.strictObject({ type: z.literal('commit'), ops: z.array(OperationSchema).min(1) }),
]);

export const SnapshotLineSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('snapshot'),
    v: z.literal(FORMAT_VERSION),
    generation: z.number().int().min(1),
  }),
  z.strictObject({
    type: z.literal('outgoing'),
    message: StoredMessageSchema,
    status: StatusSchema,
    failure: z.string().optional(),
    retriedAt: z.number().optional(),
    edited: EditMarkSchema.optional(),
  }),
  z.strictObject({
    type: z.literal('incoming'),
    message: StoredMessageSchema,
    receivedAt: z.number(),
    request: z.boolean(),
    edited: EditMarkSchema.optional(),
  }),
  /**
   * The last sequence number given to a recipient, written after the outgoing messages: some may have expired
   * and left, so the messages alone no longer tell it.
   */
  z.strictObject({ type: z.literal('sent-up-to'), to: PeerIdSchema, seq: SeqSchema }),
  /** IDs of deleted incoming messages, still known so they are never stored again. */
  z.strictObject({ type: z.literal('tombstones'), ids: Ids }),
  /** IDs of our messages that expired, still known so what names them later is not kept. */
  z.strictObject({ type: z.literal('expired-outgoing'), ids: Ids }),
  /** IDs `by` deleted before they arrived: a text from `by` under one is never stored. */
  z.strictObject({ type: z.literal('overtaken'), by: PeerIdSchema, ids: Ids }),
  z.strictObject({
    type: z.literal('sequence'),
    from: PeerIdSchema,
    upTo: z.number().int().min(0),
    above: z.array(SeqSchema),
  }),
  ContactRecord,
  /**
   * A conversation's disappearing-messages timer: kept on its own, since the timer message that set it may have
   * been deleted (the setting stays) and a deleted message is only a tombstone here.
   */
  z.strictObject({
    type: z.literal('timer'),
    conversation: z.string().min(1).max(256),
    seconds: z.number().int().min(0),
    sentAt: z.number(),
    from: PeerIdSchema,
    seq: SeqSchema,
    id: MessageIdSchema,
  }),
  z.strictObject({ type: z.literal('end'), records: z.number().int().min(0) }),
]);
export type SnapshotLine = z.infer<typeof SnapshotLineSchema>;

export const describeIssue = (error: z.ZodError): string => {
  const issue = error.issues[0];
  return `invalid record (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`;
};
