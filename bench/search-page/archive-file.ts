// A chunk of the bench corpus as the archive file a user imports (PROTOCOL.md §6, archive-export.ts): every
// message read, outgoing ones delivered and read. The first chunk also lists the contacts, accepted.
import type { PeerId } from '../../shared/identity/peer-id';
import { directConversationId } from '../../shared/messaging/message-format';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  type ArchiveFile,
  type ExportedMessage,
} from '../../renderer/src/archive/transfer/archive-export';
import type { CorpusContact, CorpusMessage } from '../search/corpus';

export const archiveFileText = (
  owner: PeerId,
  contacts: readonly CorpusContact[],
  chunk: readonly CorpusMessage[],
  withContacts: boolean,
): string => {
  const messages = chunk.map((entry): ExportedMessage => {
    const peer = (contacts[entry.contact]?.peer ?? '') as PeerId;
    const [from, to] = entry.direction === 'out' ? [owner, peer] : [peer, owner];
    const message = {
      id: entry.id,
      from,
      to,
      conversation: directConversationId(from, to),
      sentAt: entry.sentAt,
      seq: entry.seq,
      t: 'text' as const,
      body: { text: entry.text },
    };
    return entry.direction === 'out'
      ? { message, direction: 'out', status: 'read' }
      : { message, direction: 'in', receivedAt: entry.sentAt + 1_000, readAt: entry.sentAt + 60_000 };
  });
  const file: ArchiveFile = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    owner,
    exportedAt: Date.UTC(2025, 0, 1),
    contacts: withContacts
      ? contacts.map((contact) => ({
          peer: contact.peer as PeerId,
          state: 'accepted' as const,
          displayName: contact.name,
        }))
      : [],
    messages,
  };
  return JSON.stringify(file);
};
