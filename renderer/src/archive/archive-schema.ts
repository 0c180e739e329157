// The archive's tables and indexes, one constant per schema version (Dexie syntax: primary key first, `[a+b]`
// compound, `&` unique, `*` multi-entry, null drops a table). Released versions are never edited; their upgrades
// are in archive-db.ts.

/** Version 1's tables and indexes (Dexie syntax: primary key first, `[a+b]` compound, `&` unique). */
export const SCHEMA_V1 = {
  // By conversation in display order (compareMessages: sentAt, from, seq, id); status for the outgoing side;
  // expiresAt for the retention purge.
  messages: 'id, [conversation+sentAt+from+seq+id], status, expiresAt',
  outbox: '[to+seq], to',
  counters: 'peer',
  received: 'peer',
  tombstones: 'id',
  contacts: 'peer, state',
  conversations: 'id, lastActivityAt',
} as const;

/** Version 2: delivery status moves from the message record to `statuses`. */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  messages: 'id, [conversation+sentAt+from+seq+id], expiresAt',
  statuses: 'id, status',
} as const;

/** Version 3: unread incoming texts indexed per conversation (unread counts without a scan). */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  messages: 'id, [conversation+sentAt+from+seq+id], expiresAt, [conversation+unread]',
} as const;

/** Version 4: full-text search (each text message's words, multiEntry) and all messages by time. */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  messages: 'id, [conversation+sentAt+from+seq+id], expiresAt, [conversation+unread], *words, sentAt',
} as const;

/** Version 5: each conversation's disappearing-messages timer (no earlier version had timer messages). */
export const SCHEMA_V5 = {
  ...SCHEMA_V4,
  timers: 'conversation',
} as const;

/** Version 6: the word index keys carry the time (`word \0 time`), so a word's messages come newest first. */
export const SCHEMA_V6 = {
  ...SCHEMA_V5,
  messages: 'id, [conversation+sentAt+from+seq+id], expiresAt, [conversation+unread], *wordKeys, sentAt',
} as const;

/**
 * Version 7: the word index leaves the message records (a key per word and message, written all over the key
 * space) for posting records per time bucket and word shard (search/posting-keys.ts); records keep their words.
 */
export const SCHEMA_V7 = {
  ...SCHEMA_V6,
  messages: 'id, [conversation+sentAt+from+seq+id], expiresAt, [conversation+unread], sentAt',
  postings: '[bucket+shard]',
} as const;

/**
 * Version 8: the outbox table becomes an index of the status records of the messages in it (`queued`), so
 * sending a message writes two records instead of three and its acknowledgment one instead of two. The status
 * index, which nothing read, goes.
 */
export const SCHEMA_V8 = {
  ...SCHEMA_V7,
  statuses: 'id, [queued+to+seq]',
  outbox: null,
} as const;

/**
 * Version 9: posting records are kept in segments (search/posting-keys.ts), so a write rewrites a few small
 * records rather than whole shards of its bucket, and sent and received messages wait for the index in
 * `unindexed` (a queue by message ID; search/index-queue.ts since v10). A primary key cannot change in place: the index is built again, from the
 * words the message records keep, in a new table.
 */
export const SCHEMA_V9 = {
  ...SCHEMA_V8,
  postings: null,
  postingSegments: '[bucket+shard+segment]',
  unindexed: 'id',
} as const;

/**
 * Version 10: the compactor moves the queue into the posting records in jobs of several transactions
 * (search/compaction-job.ts), and records the job under way so that the next session finishes one cut short.
 * The queue is keyed in the order messages were queued, so a finished job leaves it with one range delete
 * (search/index-queue.ts); a primary key cannot change in place, so it is a new table.
 */
export const SCHEMA_V10 = {
  ...SCHEMA_V9,
  unindexed: null,
  indexQueue: '++seq, id',
  indexJob: 'name',
} as const;

/**
 * Version 11: the fold stored words are made with is recorded (`refold`), and search/refold.ts folds them again in
 * the background when the code's fold is newer: first for this version's fold (search/text-folding.ts), which
 * spells letters as a keyboard without them does ("Straße" meets "strasse") and makes typographic apostrophes
 * plain; later folds need no schema version of their own.
 */
export const SCHEMA_V11 = {
  ...SCHEMA_V10,
  refold: 'name',
} as const;

/**
 * Version 12: message edits. Records of `edit` messages carry the ID they edit in `editOf`, indexed, so a text
 * stored after its edits finds them (edit-writes.ts); records of other messages are not in that index. No earlier
 * version stored edits, so there is nothing to move.
 */
export const SCHEMA_V12 = {
  ...SCHEMA_V11,
  messages: 'id, [conversation+sentAt+from+seq+id], expiresAt, [conversation+unread], sentAt, editOf',
} as const;

/** Version 13: each conversation's unsent draft (drafts.ts), so what was typed survives a restart. */
export const SCHEMA_V13 = {
  ...SCHEMA_V12,
  drafts: 'peer',
} as const;

/**
 * Version 14: reactions. Records of `reaction` messages carry the ID of the text they react to in `reactionOf`,
 * indexed, so a view finds the reactions of the texts it shows however long after them they came
 * (conversation-window.ts). No earlier version stored reactions, so there is nothing to move.
 */
export const SCHEMA_V14 = {
  ...SCHEMA_V13,
  messages:
    'id, [conversation+sentAt+from+seq+id], expiresAt, [conversation+unread], sentAt, editOf, reactionOf',
} as const;
