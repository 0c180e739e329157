// What an import must not bring back: texts their own sender deleted for everyone (archive-import.ts).
import Dexie from 'dexie';
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { Message } from '../../../../shared/messaging/message-format';
import type { ArchiveDb } from '../archive-db';
import type { ArchiveFileInput } from './archive-import';

/**
 * The IDs among `candidates` that a `delete` of their own sender names, in the file or stored here: deleted for
 * everyone, never brought back. A restored backup holds the deletions but not the tombstones they left, so an older
 * export imported after it would otherwise bring the deleted texts back. Stored deletions are looked for in each
 * conversation from its earliest candidate on (a deletion comes after what it deletes).
 */
export const deletedBySender = async (
  db: ArchiveDb,
  inFile: ArchiveFileInput['messages'],
  candidates: ArchiveFileInput['messages'],
): Promise<Set<string>> => {
  const deleters = new Map<string, Set<PeerId>>();
  const note = (message: Message): void => {
    if (message.t === 'delete') {
      for (const id of message.body.ids) {
        deleters.set(id, (deleters.get(id) ?? new Set()).add(message.from));
      }
    }
  };
  inFile.forEach(({ message }) => note(message));
  const earliest = new Map<string, number>();
  for (const { message } of candidates) {
    earliest.set(
      message.conversation,
      Math.min(earliest.get(message.conversation) ?? Infinity, message.sentAt),
    );
  }
  for (const [conversation, from] of earliest) {
    await db.messages
      .where('[conversation+sentAt+from+seq+id]')
      .between([conversation, from], [conversation, Dexie.maxKey])
      .filter((record) => record.message.t === 'delete')
      .each((record) => note(record.message));
  }
  return new Set(
    candidates.flatMap(({ message }) => (deleters.get(message.id)?.has(message.from) ? [message.id] : [])),
  );
};
