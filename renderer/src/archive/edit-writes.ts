// Edits in the archive's writes (the rules are shared/messaging/message-edits.ts): storing an edit changes the
// stored text it names, and a text stored after edits of it (they overtook it) shows the latest that applies, in
// the transaction that stores them. Edit records keep the ID they name in a top-level field, `editOf`, indexed
// (schema v12), so a batch of texts finds the edits stored of them with one index request; records of any other
// type are not in that index, and the request finds nothing unless an edit overtook its text. A text changed
// keeps its record (unread, arrival, status apart) with the edited text, the edit's mark (`edited`) and the
// edited text's words, and the search index trades the old words for the new in the same transaction.
import {
  applyEdit,
  editApplies,
  type EditMark,
  type EditMessage,
  isEdit,
  latestEdit,
  type TextMessage,
} from '../../../shared/messaging/message-edits';
import type { Message, MessageId } from '../../../shared/messaging/message-format';
import type { ArchiveDb, MessageRecord } from './archive-db';
import { updateSearchIndex } from './search/index-writes';
import { indexWords } from './search/text-folding';
import { getBySpan } from './span-reads';

/** A message as stored (or about to be): what settling edits needs of it. */
export interface HeldMessage {
  readonly message: Message;
  readonly direction: 'in' | 'out';
  /** The edit it shows already (a text stored, or imported, edited). */
  readonly edited?: EditMark;
}

/** The text a message shows once edits are settled, and the edit that gave it. */
export interface ShownEdit {
  readonly message: TextMessage;
  readonly edited: EditMark;
}

/** What the archive holds that a write's edits touch: the texts its edits name, and the edits of its texts. */
export interface StoredEdits {
  /** Stored texts (any stored message, in fact) the written edits name, by ID. */
  readonly targets: ReadonlyMap<MessageId, MessageRecord>;
  /** Stored edits naming the written texts. */
  readonly edits: readonly MessageRecord[];
}

/** What a write of no texts and no edits touches. */
export const NOTHING_STORED: StoredEdits = { targets: new Map(), edits: [] };

const editOf = (message: Message): MessageId | undefined =>
  isEdit(message) ? message.meta?.editOf : undefined;

/**
 * How a write finds the stored edits of its texts: through the `editOf` index (a batch of arrivals), by reading
 * every stored edit (an import of many thousands of texts, beside which an archive's edits are few), or not at all
 * (the user's own new texts: their IDs were just made, so no stored edit can name them).
 */
export type EditsOfTexts = 'by index' | 'all' | 'none';

/**
 * Whether storing `messages` needs readStoredEdits: only then may it be called. A write must not await a read
 * that issues no request: with nothing pending, IndexedDB may commit the transaction before the write's requests
 * (Dexie's PrematureCommitError; see updateSearchIndex).
 */
export const readsStoredEdits = (messages: readonly Message[], editsOfTexts: EditsOfTexts): boolean =>
  messages.some((message) => isEdit(message) || (editsOfTexts !== 'none' && message.t === 'text'));

/**
 * Reads what settling the edits of `messages` needs, in the caller's transaction: the stored records their edits
 * name (one span read, only when there are edits) and the stored edits of their texts (see EditsOfTexts; one
 * request, only when there are texts).
 */
export const readStoredEdits = async (
  db: ArchiveDb,
  messages: readonly Message[],
  editsOfTexts: EditsOfTexts,
): Promise<StoredEdits> => {
  const named = [...new Set(messages.flatMap((message) => editOf(message) ?? []))];
  const texts =
    editsOfTexts === 'none' ? [] : messages.flatMap((message) => (message.t === 'text' ? [message.id] : []));
  const [targets, edits] = await Promise.all([
    named.length === 0 ? [] : getBySpan(db.messages, named),
    texts.length === 0
      ? []
      : editsOfTexts === 'all'
        ? db.messages.orderBy('editOf').toArray()
        : db.messages.where('editOf').anyOf(texts).toArray(),
  ]);
  return {
    targets: new Map(targets.flatMap((record) => (record ? [[record.id, record] as const] : []))),
    edits,
  };
};

/**
 * What storing `adding` (in order) does to texts, by ID: the text and mark each one changed shows from then,
 * whether it is among `adding` or stored already (`stored`). An edit changes a text held in its own direction
 * when the rules let it and it is later than the one the text shows; a text shows the latest of the edits of it
 * stored or added before it. Texts no edit names are passed over, so a long import costs a set lookup per text.
 */
export const settleEdits = (
  adding: readonly HeldMessage[],
  stored: StoredEdits,
  /** Filled, when given, with the texts of `adding` that show an edit the moment they are added. */
  editedOnArrival?: Set<MessageId>,
): Map<MessageId, ShownEdit> => {
  const editsOf = new Map<MessageId, HeldMessage[]>();
  const noteEdit = (held: HeldMessage, target: MessageId): void => {
    editsOf.set(target, [...(editsOf.get(target) ?? []), held]);
  };
  for (const held of stored.edits) {
    const target = editOf(held.message);
    if (target !== undefined) {
      noteEdit(held, target);
    }
  }
  const named = new Set([...editsOf.keys(), ...adding.flatMap(({ message }) => editOf(message) ?? [])]);
  const current = new Map<MessageId, HeldMessage>(stored.targets);
  const changed = new Map<MessageId, ShownEdit>();
  const show = (held: HeldMessage, edit: EditMessage): void => {
    const applied = applyEdit(held.message, held.edited, edit);
    if (applied) {
      current.set(held.message.id, { ...held, ...applied });
      changed.set(held.message.id, applied);
    }
  };
  for (const held of adding) {
    const { message, direction } = held;
    const target = editOf(message);
    if (isEdit(message) && target !== undefined) {
      noteEdit(held, target);
      const shown = current.get(target);
      if (shown?.direction === direction) {
        show(shown, message);
      }
    } else if (named.has(message.id)) {
      current.set(message.id, held);
      const edits = (editsOf.get(message.id) ?? []).flatMap((edit) =>
        edit.direction === direction && isEdit(edit.message) ? [edit.message] : [],
      );
      const latest = latestEdit(message, edits);
      if (latest) {
        show(held, latest);
        if (changed.has(message.id)) {
          editedOnArrival?.add(message.id);
        }
      }
    }
  }
  return changed;
};

/** The record of a text showing an edit: its text, its mark, and the words the search index holds it under. */
export const withEdit = (record: MessageRecord, shown: ShownEdit): MessageRecord => ({
  ...record,
  message: shown.message,
  edited: shown.edited,
  words: indexWords(shown.message.body.text),
});

/**
 * Stored records a write changes because of edits: texts an edit changed, as they were (`before`) and as they are
 * now (`after`), and stored edits whose expiry came forward to their text's (`expiring`, as they are now).
 */
export interface EditedRecords {
  readonly before: readonly MessageRecord[];
  readonly after: readonly MessageRecord[];
  readonly expiring: readonly MessageRecord[];
}

/**
 * The edit record, expiring no later than `text` when the rules let the edit change it and the text expires: an
 * edit holds the text's new words, which must not outlive it (the retention purge goes by the record's field).
 */
export const expiringWith = (edit: MessageRecord, text: HeldMessage | undefined): MessageRecord => {
  const until = text?.message.meta?.expiresAt;
  return until !== undefined &&
    text?.direction === edit.direction &&
    isEdit(edit.message) &&
    editApplies(text.message, edit.message) &&
    (edit.expiresAt === undefined || edit.expiresAt > until)
    ? { ...edit, expiresAt: until }
    : edit;
};

/**
 * Applies settled edits: `adding` with each text changed showing its edit and each edit expiring with its text,
 * and the stored records changed (texts of `stored.targets`, edits of `stored.edits`), to rewrite with
 * writeEditedRecords. `apart` holds texts written apart from `adding` (an import's, a slice at a time) that
 * stored edits may name.
 */
export const applySettledEdits = (
  adding: readonly MessageRecord[],
  stored: StoredEdits,
  changed: ReadonlyMap<MessageId, ShownEdit>,
  apart: ReadonlyMap<MessageId, HeldMessage> = new Map(),
): { readonly adding: MessageRecord[]; readonly edited: EditedRecords } => {
  const before: MessageRecord[] = [];
  const after: MessageRecord[] = [];
  for (const [id, record] of stored.targets) {
    const shown = changed.get(id);
    if (shown) {
      before.push(record);
      after.push(withEdit(record, shown));
    }
  }
  const texts = new Map<MessageId, HeldMessage>([...apart, ...stored.targets]);
  adding.forEach((record) => texts.set(record.id, record));
  const expiring = stored.edits.flatMap((record) => {
    const capped = record.editOf === undefined ? record : expiringWith(record, texts.get(record.editOf));
    return capped === record ? [] : [capped];
  });
  return {
    adding: adding.map((record) => {
      const shown = changed.get(record.id);
      if (shown) {
        return withEdit(record, shown);
      }
      return record.editOf === undefined ? record : expiringWith(record, texts.get(record.editOf));
    }),
    edited: { before, after, expiring },
  };
};

/**
 * Rewrites stored records edits changed, in the caller's transaction, and the search index entries of the texts:
 * out under their old words (from the posting records or the queue, as a deletion takes them), in under the new
 * ones. Issues no request when nothing changed. Like updateSearchIndex, one call at a time per transaction.
 */
export const writeEditedRecords = async (
  db: ArchiveDb,
  { before, after, expiring }: EditedRecords,
): Promise<void> => {
  if (after.length === 0 && expiring.length === 0) {
    return;
  }
  await Promise.all([
    db.messages.bulkPut([...after, ...expiring]),
    after.length === 0 ? undefined : updateSearchIndex(db, { removed: before, added: after }),
  ]);
};
