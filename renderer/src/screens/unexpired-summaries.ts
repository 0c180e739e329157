// What the sidebar and the unread count outside it make of the contacts' summaries at a given time: a disappearing
// message that has expired no longer counts as unread, and its text leaves the preview where it was the last,
// whether or not the archive's purge has run yet; and a mute that has ended is gone.
import type { ContactSummary } from '../archive/archive-queries';

/** Every time at which something the summaries show expires. */
export function* summaryExpiriesOf(contacts: readonly ContactSummary[]): Generator<number | undefined> {
  for (const contact of contacts) {
    yield contact.lastTextExpiresAt;
    yield* contact.unreadExpiries ?? [];
    yield contact.mutedUntil;
  }
}

const expired = (expiresAt: number | undefined, now: number): boolean =>
  expiresAt !== undefined && expiresAt <= now;

const summaryAt = (contact: ContactSummary, now: number): ContactSummary => {
  const { lastText, unreadExpiries = [], mutedUntil, ...rest } = contact;
  const unexpired = unreadExpiries.filter((at) => !expired(at, now));
  return {
    ...rest,
    ...(lastText === undefined || expired(contact.lastTextExpiresAt, now) ? {} : { lastText }),
    unread: contact.unread - (unreadExpiries.length - unexpired.length),
    ...(unexpired.length === 0 ? {} : { unreadExpiries: unexpired }),
    ...(mutedUntil === undefined || expired(mutedUntil, now) ? {} : { mutedUntil }),
  };
};

/** `contacts` as they stand at `now`; the same array when nothing in them has expired. */
export const unexpiredSummaries = (
  contacts: readonly ContactSummary[],
  now: number,
): readonly ContactSummary[] => {
  for (const at of summaryExpiriesOf(contacts)) {
    if (expired(at, now)) {
      return contacts.map((contact) => summaryAt(contact, now));
    }
  }
  return contacts;
};
