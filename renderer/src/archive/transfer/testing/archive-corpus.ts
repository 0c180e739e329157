// A corpus of archives for the export and import tests: messages with two peers in either direction, written as the
// store writes them, with contacts carrying everything the user can set about a conversation.
import fc from 'fast-check';
import type { PeerId } from '../../../../../shared/identity/peer-id';
import type { Message } from '../../../../../shared/messaging/message-format';
import { textMessage } from '../../../../../shared/messaging/testing/message-store-contract';
import type { ArchiveDb, ContactRecord, MessageRecord } from '../../archive-db';
import { MUTED_FOREVER } from '../../conversation-mute';
import { recordOf } from '../../message-batches';
import { exportArchive } from '../archive-export';
import { parseArchiveFile, type ArchiveFileInput } from '../archive-import';

export const ME = 'm'.repeat(32) as PeerId;
export const PEERS = ['a'.repeat(32), 'b'.repeat(32)] as PeerId[];
export interface Entry {
  readonly peer: number;
  readonly out: boolean;
  readonly text: string;
  readonly status: 'delivered' | 'read' | 'failed';
  readonly read: boolean;
}

export const entryArb: fc.Arbitrary<Entry> = fc.record({
  peer: fc.nat(PEERS.length - 1),
  out: fc.boolean(),
  text: fc.string({ minLength: 1, maxLength: 80 }),
  status: fc.constantFrom('delivered' as const, 'read' as const, 'failed' as const),
  read: fc.boolean(),
});

/** `count` messages with peer 0, sent and received in turn, all read: message n says "m<n>". */
export const readConversation = (count: number): Entry[] =>
  Array.from({ length: count }, (_, n) => ({
    peer: 0,
    out: n % 2 === 0,
    text: `m${String(n)}`,
    status: 'read' as const,
    read: true,
  }));

/** Message n of a corpus: the contract suite's text message, in the direction the entry says. */
export const messageOf = (entry: Entry, n: number): Message => {
  const peer = PEERS[entry.peer] as PeerId;
  return entry.out
    ? textMessage(n, ME, peer, n + 1, entry.text)
    : textMessage(n, peer, ME, n + 1, entry.text);
};

/** Writes entries as the store would have. */
export const fill = async (db: ArchiveDb, entries: readonly Entry[]) => {
  const records: MessageRecord[] = entries.map((entry, n) => {
    const message = messageOf(entry, n);
    return entry.out
      ? { ...recordOf(message, message.to), direction: 'out' }
      : {
          ...recordOf(message, message.from),
          direction: 'in',
          receivedAt: message.sentAt + 5,
          request: 0,
          ...(entry.read ? { readAt: message.sentAt + 9 } : { unread: 1 as const }),
        };
  });
  await db.messages.bulkAdd(records);
  await db.statuses.bulkAdd(
    entries.flatMap((entry, n) =>
      entry.out
        ? [
            entry.status === 'failed'
              ? {
                  id: messageOf(entry, n).id,
                  status: entry.status,
                  failure: 'the recipient has not accepted you',
                }
              : {
                  id: messageOf(entry, n).id,
                  status: entry.status,
                  deliveredAt: messageOf(entry, n).sentAt + 20,
                  ...(entry.status === 'read' ? { readAt: messageOf(entry, n).sentAt + 30 } : {}),
                },
          ]
        : [],
    ),
  );
  await db.contacts.bulkAdd(CONTACTS);
};

/** The contacts of every corpus, with everything the user can set about a conversation (one verified). */
export const CONTACTS: ContactRecord[] = [
  {
    peer: PEERS[0] as PeerId,
    state: 'accepted',
    displayName: 'Peer 0',
    verifiedSafetyNumber: '0123456789'.repeat(6),
    verifiedAt: 7,
    retentionDays: 30,
    mutedUntil: MUTED_FOREVER,
    pinnedAt: 11,
    markedUnread: 1,
  },
  {
    peer: PEERS[1] as PeerId,
    state: 'accepted',
    displayName: 'Peer 1',
    displayNameAt: { sentAt: 5, seq: 2, id: textMessage(999, ME, ME, 1).id },
    retentionDays: null,
    mutedUntil: 1_800_000_000_000,
  },
];

/** `entries` written to a database of their own, exported and read back as an import file. */
export const exportedFile = async (
  scratch: { readonly archive: () => Promise<ArchiveDb> },
  entries: readonly Entry[],
): Promise<ArchiveFileInput> => {
  const source = await scratch.archive();
  await fill(source, entries);
  const parsed = parseArchiveFile(JSON.stringify(await exportArchive(source, ME, 1)), ME);
  source.close();
  if (!parsed.ok) {
    throw new Error(parsed.error.message);
  }
  return parsed.value;
};

export const withoutVerification = ({
  verifiedSafetyNumber: _number,
  verifiedAt: _at,
  ...rest
}: ContactRecord) => rest;

export const withoutTime = <T extends { exportedAt: number }>({ exportedAt: _time, ...rest }: T) => rest;
