// Unsent drafts in the archive (schema v13), one per conversation: what was typed and not sent survives a restart,
// as in any messenger. Only the draft itself is kept, not an edit or a reply being written: those are moments of
// one session. An empty draft is no record at all.
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ArchiveDb } from './archive-db';

export interface DraftRecord {
  readonly peer: PeerId;
  readonly text: string;
  /** When it was last written, for no use but knowing. */
  readonly savedAt: number;
}

/** Every draft kept, by peer. */
export const readDrafts = async (db: ArchiveDb): Promise<Record<string, string>> =>
  Object.fromEntries((await db.drafts.toArray()).map((record) => [record.peer, record.text]));

/** Keeps `text` as the draft to `peer` (none, if empty). */
export const writeDraft = async (db: ArchiveDb, peer: PeerId, text: string, at: number): Promise<void> => {
  await (text === '' ? db.drafts.delete(peer) : db.drafts.put({ peer, text, savedAt: at }));
};
