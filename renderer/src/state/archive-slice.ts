// The archive as files, in the app store: export everything or one conversation (JSON to re-import, Markdown or
// a standalone HTML page to read), and import a JSON export (merged, never duplicated; refused with the reason when anything is wrong).
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ArchiveDb } from '../archive/archive-db';
import { exportArchive } from '../archive/transfer/archive-export';
import { archiveToHtml } from '../archive/transfer/archive-html';
import { archiveToMarkdown } from '../archive/transfer/archive-markdown';
import type { MessagingSession } from '../p2p/start-messaging';

export interface ArchiveFileOut {
  readonly name: string;
  readonly type: string;
  readonly text: string;
}

export type ArchiveFileKind = 'json' | 'markdown' | 'html';

export interface ArchiveSlice {
  /** The file to save, or null when no archive is open. */
  readonly exportArchiveFile: (
    kind: ArchiveFileKind,
    conversation?: string,
  ) => Promise<ArchiveFileOut | null>;
  /** Imports a JSON export; resolves to what happened, for the user. */
  readonly importArchiveFile: (text: string) => Promise<string>;
}

export interface ArchiveSliceContext {
  readonly archive: () => ArchiveDb | null;
  readonly identity: () => { readonly peerId: PeerId; readonly displayName: string } | null;
  readonly session: () => MessagingSession | null;
  readonly now: () => number;
}

const stamp = (at: number) => new Date(at).toISOString().slice(0, 10);

export const createArchiveSlice = (context: ArchiveSliceContext): ArchiveSlice => ({
  async exportArchiveFile(kind, conversation) {
    const archive = context.archive();
    const identity = context.identity();
    if (!archive || !identity) {
      return null;
    }
    const now = context.now();
    const file = await exportArchive(archive, identity.peerId, now, conversation);
    const base = `parley-${conversation ? 'conversation' : 'archive'}-${stamp(now)}`;
    switch (kind) {
      case 'json':
        return { name: `${base}.json`, type: 'application/json', text: JSON.stringify(file) };
      case 'markdown':
        return {
          name: `${base}.md`,
          type: 'text/markdown',
          text: archiveToMarkdown(file, identity.displayName),
        };
      case 'html':
        return { name: `${base}.html`, type: 'text/html', text: archiveToHtml(file, identity.displayName) };
    }
  },

  async importArchiveFile(text) {
    const session = context.session();
    if (!session) {
      return 'Parley is not ready yet.';
    }
    let outcome;
    try {
      outcome = await session.importArchive(text);
    } catch (error) {
      // The merge is one transaction: a failure (no room left, say) leaves the archive as it was.
      return /quota/i.test(String(error))
        ? 'Nothing was imported: this device has no room left for the archive.'
        : `Nothing was imported: ${error instanceof Error ? error.message : String(error)}.`;
    }
    if (!outcome.ok) {
      return `Nothing was imported: ${outcome.error.message}.`;
    }
    const { imported, skipped, contactsToAccept } = outcome.value;
    const messages = `Imported ${String(imported)} messages${skipped > 0 ? ` (${String(skipped)} were already here or deleted)` : ''}.`;
    // A plain file makes nobody a contact by itself: the user accepts them (importedState).
    return contactsToAccept === 0
      ? messages
      : `${messages} ${String(contactsToAccept)} of its contacts are not yours here yet: accept them in your chats to write to them again.`;
  },
});
