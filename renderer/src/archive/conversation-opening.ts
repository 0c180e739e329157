// Where a conversation view starts when it opens: a page back from the newest, or, when the first unread message is
// further back than that (a day away from a busy conversation), a few messages before it, so the view opens where
// the reading stopped and the "Unread messages" line has what was read above it. The view holds everything from
// its start to the newest, so a start is never taken further back than MAX_OPENING_WINDOW shown messages: past
// that, the view opens at the oldest unread one it can hold, and older ones load on the way up as ever.
import { cmp } from 'dexie';
import type { ArchiveDb, MessageRecord } from './archive-db';
import { CONVERSATION_PAGE, type ConversationKey, keyOf, windowStart } from './conversation-window';

/** Read messages shown above the first unread one when the view opens there. */
export const UNREAD_CONTEXT = 5;
/** The most shown messages a view opens with, however many are unread. */
export const MAX_OPENING_WINDOW = 2_000;

/** The earliest unread text of the conversation in display order, if any. */
export const firstUnread = async (
  db: ArchiveDb,
  conversation: string,
): Promise<MessageRecord | undefined> => {
  // The index holds only unread texts (absent once read), in ID order: the display order needs their keys.
  const unread = await db.messages.where('[conversation+unread]').equals([conversation, 1]).toArray();
  let first: MessageRecord | undefined;
  for (const record of unread) {
    if (!first || cmp(keyOf(record), keyOf(first)) < 0) {
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
  const [page, unread] = await Promise.all([
    windowStart(db, conversation, limits.page),
    firstUnread(db, conversation),
  ]);
  if (!unread || page === null || cmp(keyOf(unread), page) >= 0) {
    return page;
  }
  const [withContext, furthest] = await Promise.all([
    windowStart(db, conversation, limits.context, keyOf(unread)),
    windowStart(db, conversation, limits.most),
  ]);
  const start = withContext ?? keyOf(unread);
  return furthest !== null && cmp(start, furthest) < 0 ? furthest : start;
};
