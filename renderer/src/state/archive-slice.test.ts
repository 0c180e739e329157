// Importing from Settings → Archive always ends with a sentence for the user, whatever the import does: merged,
// refused with its reason, or failed in the storage (the merge is one transaction, so nothing was written).
import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../../shared/result';
import type { MessagingSession } from '../p2p/start-messaging';
import type { ImportOutcome } from '../archive/transfer/archive-import';
import { createArchiveSlice } from './archive-slice';

const sliceImporting = (importArchive: () => Promise<Result<ImportOutcome>>) =>
  createArchiveSlice({
    archive: () => null,
    identity: () => null,
    session: () => ({ importArchive }) as unknown as MessagingSession,
    now: () => 0,
  });

describe('archive slice: import', () => {
  it('says what was merged, and why a file was refused', async () => {
    const merged = sliceImporting(() =>
      Promise.resolve(ok({ imported: 3, skipped: 2, contactsAdded: 0, contactsToAccept: 0 })),
    );
    expect(await merged.importArchiveFile('{}')).toBe(
      'Imported 3 messages (2 were already here or deleted).',
    );
    const withContacts = sliceImporting(() =>
      Promise.resolve(ok({ imported: 3, skipped: 0, contactsAdded: 2, contactsToAccept: 2 })),
    );
    expect(await withContacts.importArchiveFile('{}')).toBe(
      'Imported 3 messages. 2 of its contacts are not yours here yet: accept them in your chats to write to them again.',
    );
    const refused = sliceImporting(() => Promise.resolve(fail('ARCHIVE_INVALID', 'not a Parley archive')));
    expect(await refused.importArchiveFile('{}')).toBe('Nothing was imported: not a Parley archive.');
  });

  it('turns a storage failure into a message instead of leaving "Importing…" on screen', async () => {
    const full = sliceImporting(() =>
      Promise.reject(
        new DOMException('Encountered full disk while opening backing store', 'QuotaExceededError'),
      ),
    );
    expect(await full.importArchiveFile('{}')).toBe(
      'Nothing was imported: this device has no room left for the archive.',
    );
    const aborted = sliceImporting(() =>
      Promise.reject(new Error('AbortError: the transaction was aborted')),
    );
    expect(await aborted.importArchiveFile('{}')).toBe(
      'Nothing was imported: AbortError: the transaction was aborted.',
    );
  });
});
