// A conversation as the message list shows it: its messages in display order (compareMessages, through the
// compound index) from a start key on, with delivery statuses, the message each reply quotes, and deletions for
// everyone as notices. A view starts a page back from the newest and moves its start further back as the user
// scrolls up, so a long history is never read whole, and new messages only ever add at the bottom.
import { Dexie } from 'dexie';
import type { MessageId } from '../../../shared/messaging/message-format';
import {
  latestReactions,
  reactionsByTarget,
  type ReactionMessage,
  reactionsOn,
} from '../../../shared/messaging/message-reactions';
import type { DeliveryStatus } from '../../../shared/messaging/message-store';
import type { ArchiveDb, MessageRecord, StatusRecord } from './archive-db';
import { textOf } from './archive-queries';

export interface QuotedMessage {
  readonly id: string;
  readonly fromMe: boolean;
  /** Undefined when the quoted message is not in the archive (deleted, or older than this device). */
  readonly text?: string;
  /** A disappearing message quoted: when its text may no longer be shown. */
  readonly expiresAt?: number;
}

export interface MessageView {
  readonly id: string;
  readonly direction: 'in' | 'out';
  readonly kind: 'text' | 'contact-request' | 'contact-accept' | 'deletion' | 'timer';
  readonly text: string;
  readonly sentAt: number;
  readonly status?: DeliveryStatus;
  readonly failure?: string;
  readonly readByMe: boolean;
  readonly replyTo?: QuotedMessage;
  /** A disappearing message: when it leaves both archives. */
  readonly expiresAt?: number;
  /** A timer change: the seconds it set (0: off). */
  readonly timerSeconds?: number;
  /** An edited text (`text` is the edited one): when its sender last edited it, by their clock. */
  readonly editedAt?: number;
  /** Our own edited text: the delivery of the edit it shows (the contact has the new words once it is delivered). */
  readonly edit?: EditDelivery;
  /** A text's reactions, each emoji once, in the order first chosen (message-reactions.ts). */
  readonly reactions?: readonly ReactionView[];
  /** Our reaction on this text never reached the contact. */
  readonly reactionFailure?: ReactionFailure;
}

/** Our latest reaction on a text, which could not be delivered ('' : taking one back). */
export interface ReactionFailure {
  readonly id: MessageId;
  readonly emoji: string;
}

export interface ReactionView {
  readonly emoji: string;
  readonly count: number;
  /** Whether one of them is ours. */
  readonly mine: boolean;
}

export interface EditDelivery {
  readonly id: string;
  readonly status: DeliveryStatus;
  readonly failure?: string;
}

/** Messages a conversation view starts with; each step back in history loads this many more. */
export const CONVERSATION_PAGE = 200;

const SHOWN: ReadonlySet<string> = new Set(['text', 'contact-request', 'contact-accept', 'delete', 'timer']);

const isShown = (record: MessageRecord): boolean => SHOWN.has(record.message.t);

/**
 * The reactions a text shows (`reactions` holds at least every stored reaction naming it), and ours if it could
 * not be delivered (`failed`: our reactions that failed): the contact does not have it.
 */
const reactionsShown = (
  record: MessageRecord,
  reactions: readonly ReactionMessage[],
  failed: ReadonlySet<MessageId>,
): { readonly views: ReactionView[]; readonly failure?: ReactionFailure } => {
  if (reactions.length === 0) {
    return { views: [] };
  }
  // We are the sender of a text of ours and the recipient of theirs.
  const me = record.direction === 'out' ? record.message.from : record.message.to;
  const views = reactionsOn(record.message, reactions).map(({ emoji, from }) => ({
    emoji,
    count: from.length,
    mine: from.includes(me),
  }));
  const ours = latestReactions(record.message, reactions).get(me);
  return ours && failed.has(ours.id)
    ? { views, failure: { id: ours.id, emoji: ours.body.emoji } }
    : { views };
};

const viewOf = (
  record: MessageRecord,
  delivery: StatusRecord | undefined,
  editDelivery: StatusRecord | undefined,
  quoted: MessageRecord | undefined,
  reactions: readonly ReactionMessage[],
  failedReactions: ReadonlySet<MessageId>,
): MessageView | null => {
  const { message } = record;
  if (!SHOWN.has(message.t)) {
    return null;
  }
  const replyTo = message.meta?.replyTo;
  // Only a message of this conversation: a reply naming one of another (a forged ID) quotes nothing.
  const quotedHere = quoted?.conversation === record.conversation ? quoted : undefined;
  const quotedText = quotedHere ? textOf(quotedHere) : undefined;
  const shownReactions = reactionsShown(record, reactions, failedReactions);
  return {
    id: record.id,
    direction: record.direction,
    kind: message.t === 'delete' ? 'deletion' : (message.t as MessageView['kind']),
    text: textOf(record) ?? '',
    sentAt: record.sentAt,
    ...(delivery ? { status: delivery.status } : {}),
    ...(delivery?.failure === undefined ? {} : { failure: delivery.failure }),
    readByMe: record.direction === 'out' || record.readAt !== undefined,
    ...(record.expiresAt === undefined ? {} : { expiresAt: record.expiresAt }),
    ...(message.t === 'timer' ? { timerSeconds: message.body.seconds } : {}),
    ...(record.edited === undefined ? {} : { editedAt: record.edited.sentAt }),
    ...(editDelivery === undefined
      ? {}
      : {
          edit: {
            id: editDelivery.id,
            status: editDelivery.status,
            ...(editDelivery.failure === undefined ? {} : { failure: editDelivery.failure }),
          },
        }),
    ...(shownReactions.views.length === 0 ? {} : { reactions: shownReactions.views }),
    ...(shownReactions.failure === undefined ? {} : { reactionFailure: shownReactions.failure }),
    ...(replyTo === undefined
      ? {}
      : {
          replyTo: {
            id: replyTo,
            fromMe: quotedHere ? quotedHere.direction === 'out' : false,
            ...(quotedText === undefined ? {} : { text: quotedText }),
            ...(quotedHere?.expiresAt === undefined ? {} : { expiresAt: quotedHere.expiresAt }),
          },
        }),
  };
};

export interface ConversationWindow {
  readonly messages: readonly MessageView[];
  /** Whether older messages exist than the ones loaded. */
  readonly hasOlder: boolean;
  /** The start this window was read from (so a view can tell a stale result from the one it asked for). */
  readonly start: ConversationKey | null;
}

/** A position in a conversation's display order: [sentAt, from, seq, id] of one message. */
export type ConversationKey = readonly [number, string, number, string];

/** The conversation's messages in display order (compareMessages). */
export const DISPLAY_INDEX = '[conversation+sentAt+from+seq+id]';

export const keyOf = (record: MessageRecord): ConversationKey => [
  record.sentAt,
  record.from,
  record.seq,
  record.id,
];

/** Where a view showing `id` in the middle starts, or null when the message is not in this conversation. */
export const windowAround = async (
  db: ArchiveDb,
  conversation: string,
  id: string,
  count: number,
): Promise<{ key: ConversationKey | null } | null> => {
  const record = await db.messages.get(id);
  if (record?.conversation !== conversation) {
    return null;
  }
  // `count` before it, and the message itself is the first of the rest.
  return { key: (await windowStart(db, conversation, count, keyOf(record))) ?? keyOf(record) };
};

/** Where a view of the conversation starts: `count` messages back from `before` (or from the newest). */
export const windowStart = async (
  db: ArchiveDb,
  conversation: string,
  count: number,
  before?: ConversationKey,
): Promise<ConversationKey | null> => {
  const upper = before ? [conversation, ...before] : [conversation, Dexie.maxKey];
  // Counted in messages the list shows: receipts, edits and reactions, however many, take no room in a page.
  const older = await db.messages
    .where(DISPLAY_INDEX)
    .between([conversation, Dexie.minKey], upper, true, false)
    .reverse()
    .filter(isShown)
    .limit(count)
    .toArray();
  const oldest = older.at(-1);
  return oldest ? keyOf(oldest) : (before ?? null);
};

/** Every message from `start` on (new ones join as they arrive), with what the list shows about each. */
export const conversationFrom = async (
  db: ArchiveDb,
  conversation: string,
  start: ConversationKey | null,
): Promise<ConversationWindow> => {
  const lower = start ? [conversation, ...start] : [conversation, Dexie.minKey];
  const [records, older] = await Promise.all([
    db.messages.where(DISPLAY_INDEX).between(lower, [conversation, Dexie.maxKey], true, true).toArray(),
    start
      ? db.messages
          .where(DISPLAY_INDEX)
          .between([conversation, Dexie.minKey], lower, true, false)
          .filter(isShown)
          .limit(1)
          .count()
      : Promise.resolve(0),
  ]);
  const texts = records.flatMap((record) => (record.message.t === 'text' ? [record.id] : []));
  const [statuses, editStatuses, quoted, reactionRecords] = await Promise.all([
    db.statuses.bulkGet(records.map((record) => (record.direction === 'out' ? record.id : ''))),
    // Read here, so the view follows an edit's delivery as it does a message's.
    db.statuses.bulkGet(
      records.map((record) => (record.direction === 'out' ? (record.edited?.id ?? '') : '')),
    ),
    db.messages.bulkGet(records.map((record) => record.message.meta?.replyTo ?? '')),
    // However long after a text its reactions came, the index finds them (one request for the window).
    texts.length === 0 ? [] : db.messages.where('reactionOf').anyOf(texts).toArray(),
  ]);
  const reactionsOf = reactionsByTarget(reactionRecords.map((record) => record.message));
  // Our reactions that could not be delivered (refused, or undelivered for 30 days): the view offers a retry.
  const ourReactions = reactionRecords.flatMap((record) => (record.direction === 'out' ? [record.id] : []));
  const failedReactions = new Set(
    ourReactions.length === 0
      ? []
      : (await db.statuses.bulkGet(ourReactions)).flatMap((status) =>
          status?.status === 'failed' ? [status.id] : [],
        ),
  );
  const messages = records.flatMap(
    (record, index) =>
      viewOf(
        record,
        statuses[index],
        editStatuses[index],
        quoted[index],
        reactionsOf.get(record.id) ?? [],
        failedReactions,
      ) ?? [],
  );
  return { messages, hasOlder: older > 0, start };
};
