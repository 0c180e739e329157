// A contact in an archive file (docs/PROTOCOL.md, "Archive file v1"): its standing and name, and what the user
// set for its conversation (retention, a mute, a pin, an unread mark) and whether they verified it, so a full
// backup restored on a new device brings the list back as it was. JSON has no Infinity: a mute until turned back
// on is written 'forever'.
import { z } from 'zod';
import { PeerIdSchema } from '../../../../shared/identity/peer-id';
import { MAX_TIME_MS, MessageIdSchema } from '../../../../shared/messaging/message-format';
import type { ContactState } from '../../../../shared/messaging/message-store';
import type { ContactRecord } from '../archive-db';
import { MUTED_FOREVER } from '../conversation-mute';
import { MAX_PINNED } from '../conversation-pins';

const Time = z.number().int().min(0).max(MAX_TIME_MS);

export const ContactEntrySchema = z.strictObject({
  peer: PeerIdSchema,
  state: z.enum(['accepted', 'blocked', 'requested-by-me', 'requested-by-them', 'unknown']),
  displayName: z.string().max(64).optional(),
  /** The message that gave the name, so only a later one replaces it after an import. */
  displayNameAt: z
    .strictObject({
      sentAt: Time,
      seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      id: MessageIdSchema,
    })
    .optional(),
  verifiedSafetyNumber: z
    .string()
    .regex(/^\d{60}$/)
    .optional(),
  verifiedAt: Time.optional(),
  retentionDays: z.number().int().min(1).max(36_500).nullable().optional(),
  mutedUntil: z.union([Time, z.literal('forever')]).optional(),
  pinnedAt: Time.optional(),
  markedUnread: z.literal(true).optional(),
});
export type ContactEntry = z.infer<typeof ContactEntrySchema>;

export const exportedContact = (contact: ContactRecord): ContactEntry => ({
  peer: contact.peer,
  state: contact.state,
  ...(contact.displayName === undefined ? {} : { displayName: contact.displayName }),
  ...(contact.displayNameAt === undefined ? {} : { displayNameAt: contact.displayNameAt }),
  ...(contact.verifiedSafetyNumber === undefined
    ? {}
    : { verifiedSafetyNumber: contact.verifiedSafetyNumber }),
  ...(contact.verifiedAt === undefined ? {} : { verifiedAt: contact.verifiedAt }),
  ...(contact.retentionDays === undefined ? {} : { retentionDays: contact.retentionDays }),
  ...(contact.mutedUntil === undefined
    ? {}
    : {
        mutedUntil:
          contact.mutedUntil === MUTED_FOREVER ? 'forever' : Math.min(contact.mutedUntil, MAX_TIME_MS),
      }),
  ...(contact.pinnedAt === undefined ? {} : { pinnedAt: contact.pinnedAt }),
  ...(contact.markedUnread === undefined ? {} : { markedUnread: true }),
});

export interface ContactImport {
  /**
   * The file is the user's own beyond doubt (a full backup, authenticated by its passphrase): only then are its
   * verifications and name positions taken. Anyone can write a plain archive file naming any contact, and a
   * contact marked verified by someone else's file would be a lie the user relies on.
   */
  readonly trusted: boolean;
  /** Conversations pinned here already: the file's pins fill only the slots left (MAX_PINNED), latest first. */
  readonly pinnedHere: number;
}

/**
 * The standing a contact comes in with. From a full backup, as it was. From a plain file, which anyone can write
 * naming any peer, nobody becomes a contact the user did not accept here: an accepted contact comes in as a request
 * to accept (their history shows, and one click makes them a contact again), and one we had asked comes in with no
 * standing (their acceptance would otherwise make them one). A block is kept: it only keeps someone out.
 */
export const importedState = (state: ContactState, trusted: boolean): ContactState =>
  trusted
    ? state
    : state === 'accepted'
      ? 'requested-by-them'
      : state === 'requested-by-me'
        ? 'unknown'
        : state;

/** The records to add for the file's contacts not known here. */
export const importedContacts = (
  entries: readonly ContactEntry[],
  options: ContactImport,
): ContactRecord[] => {
  const standing = entries.map((entry) => ({ ...entry, state: importedState(entry.state, options.trusted) }));
  const pinned = standing
    .filter((entry) => entry.pinnedAt !== undefined && entry.state !== 'unknown')
    .sort((a, b) => (b.pinnedAt ?? 0) - (a.pinnedAt ?? 0))
    .slice(0, Math.max(0, MAX_PINNED - options.pinnedHere))
    .map((entry) => entry.peer);
  return standing.map(
    ({ verifiedSafetyNumber, verifiedAt, displayNameAt, mutedUntil, pinnedAt, markedUnread, ...kept }) => ({
      ...kept,
      ...(options.trusted && verifiedSafetyNumber !== undefined
        ? { verifiedSafetyNumber, ...(verifiedAt === undefined ? {} : { verifiedAt }) }
        : {}),
      // A name's place decides which later name replaces it: placed at the end of time by a file someone else
      // wrote, a made-up name would outlast every name the contact sends. Without one, their next name wins.
      ...(options.trusted && displayNameAt !== undefined ? { displayNameAt } : {}),
      ...(mutedUntil === undefined
        ? {}
        : { mutedUntil: mutedUntil === 'forever' ? MUTED_FOREVER : mutedUntil }),
      ...(pinnedAt !== undefined && pinned.includes(kept.peer) ? { pinnedAt } : {}),
      ...(markedUnread && kept.state !== 'unknown' ? { markedUnread: 1 as const } : {}),
    }),
  );
};
