// The unread count outside the sidebar list: in the window title (the browser tab) and, through the host, on the
// badge and tray. The chat screen keeps it, as it stays while search results take the list's place.
import { useEffect } from 'react';
import type { ContactSummary } from '../archive/archive-queries';
import { useAppStore } from '../state/use-app-store';

/**
 * Unread messages in conversations not muted (a conversation marked unread with none counts one), and one for
 * each contact request waiting for an answer. `contacts`
 * are as they stand now (unexpired-summaries.ts), so a mute that has ended is no longer on them.
 */
export const unreadTotal = (contacts: readonly ContactSummary[]): number =>
  contacts.reduce(
    (sum, contact) =>
      sum +
      (contact.state === 'requested-by-them'
        ? 1
        : (contact.state === 'accepted' || contact.state === 'requested-by-me') &&
            contact.mutedUntil === undefined
          ? Math.max(contact.unread, contact.markedUnread ? 1 : 0)
          : 0),
    0,
  );

/**
 * Reports the count of `contacts` (as they stand now: unexpired-summaries.ts) whenever it changes (nothing while
 * they are still being read).
 */
export const useUnreadReport = (contacts: readonly ContactSummary[] | undefined): void => {
  const reportUnread = useAppStore((state) => state.reportUnread);
  const unread = contacts ? unreadTotal(contacts) : undefined;
  useEffect(() => {
    if (unread !== undefined) {
      document.title = unread > 0 ? `(${String(unread)}) Parley` : 'Parley';
      reportUnread(unread);
    }
  }, [unread, reportUnread]);
};
