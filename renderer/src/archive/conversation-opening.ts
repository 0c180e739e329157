// Where a conversation view starts when it opens: a page back from the newest, or, when the first unread message is
// further back than that (a day away from a busy conversation), a few messages before it, so the view opens where
// the reading stopped and the "Unread messages" line has what was read above it. The view holds everything from
// its start to the newest, so a start is never taken further back than MAX_OPENING_WINDOW shown messages: past
// that, the view opens at the oldest unread one it can hold, and older ones load on the way up as ever.
import { cmp, Dexie } from 'dexie';
import type { ArchiveDb, MessageRecord } from './archive-db';
import {
  CONVERSATION_PAGE,
  type ConversationKey,
  DISPLAY_INDEX,
  keyOf,
  windowStart,
} from './conversation-window';

/** Read messages shown above the first unread one when the view opens there. */
export const UNREAD_CONTEXT = 5;
/** The most shown messages a view opens with, however many are unread. */
export const MAX_OPENING_WINDOW = 2_000;

/** Unread texts at most read whole to find the first; past that, the display order is walked from `from`. */
const UNREAD_READ_WHOLE = 100;

/**
 * The earliest unread text of the conversation in display order, if any, at or after `from` (a start key). The
 * unread index is in ID order, not display order: a few unread are read whole; many are found walking the
 * display order from `from`, where the first is near.
 */
export const firstUnread = async (
  db: ArchiveDb,
  conversation: string,
  from: ConversationKey | null = null,
  readWhole = UNREAD_READ_WHOLE,
  /** How many are unread, when the caller counted them already. */
  counted?: number,
): Promise<MessageRecord | undefined> => {
  const unread = db.messages.where('[conversation+unread]').equals([conversation, 1]);
  if ((counted ?? (await unread.count())) > readWhole) {
    return db.messages
      .where(DISPLAY_INDEX)
      .between(from ? [conversation, ...from] : [conversation, Dexie.minKey], [conversation, Dexie.maxKey])
      .filter((record) => record.unread === 1)
      .first();
  }
  let first: MessageRecord | undefined;
  for (const record of await unread.toArray()) {
    if ((!from || cmp(keyOf(record), from) >= 0) && (!first || cmp(keyOf(record), keyOf(first)) < 0)) {
      first = record;
    }
  }
  return first;
};

export interface OpeningLimits {
  /** Shown messages back from the newest a view opens with at least. */
  readonly page: number;
  /** Read messages shown above the first unread one when the view opens there. */
  readonly context: number;
  /** The most shown messages a view opens with, however many are unread. */
  readonly most: number;
}

const OPENING_LIMITS: OpeningLimits = {
  page: CONVERSATION_PAGE,
  context: UNREAD_CONTEXT,
  most: MAX_OPENING_WINDOW,
};

/** Where the view of `conversation` starts when it opens (null: from its beginning, or it is empty). */
export const openingStart = async (
  db: ArchiveDb,
  conversation: string,
  limits: OpeningLimits = OPENING_LIMITS,
): Promise<ConversationKey | null> => {
  const [page, unreadCount] = await Promise.all([
    windowStart(db, conversation, limits.page),
    db.messages.where('[conversation+unread]').equals([conversation, 1]).count(),
  ]);
  // Nothing unread (the common case): no need to look further back than the page.
  if (unreadCount === 0 || page === null) {
    return page;
  }
  const furthest = await windowStart(db, conversation, limits.most);
  const unread = await firstUnread(db, conversation, furthest, UNREAD_READ_WHOLE, unreadCount);
  if (!unread) {
    return page;
  }
  // A few read messages above it, unless the page a view opens with has them already.
  const withContext = (await windowStart(db, conversation, limits.context, keyOf(unread))) ?? keyOf(unread);
  const start = cmp(withContext, page) >= 0 ? page : withContext;
  return furthest !== null && cmp(start, furthest) < 0 ? furthest : start;
};
