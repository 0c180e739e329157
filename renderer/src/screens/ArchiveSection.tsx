// Settings → Archive: export everything (JSON to import again, on this device or a new one; Markdown or HTML to
// read), and import a JSON export. Importing merges: nothing already here is duplicated, nothing deleted comes
// back.
import { useEffect, useState } from 'react';
import { formatBytes, storageStatus, type StorageStatus } from '../archive/storage-status';
import { MAX_ARCHIVE_BYTES } from '../archive/transfer/archive-import';
import type { ArchiveFileKind } from '../state/archive-slice';
import { useAppStore } from '../state/use-app-store';
import { RetentionSelect } from './RetentionSelect';
import { saveFile } from './save-file';

export const ArchiveSection = () => {
  const exportArchiveFile = useAppStore((state) => state.exportArchiveFile);
  const importArchiveFile = useAppStore((state) => state.importArchiveFile);
  const retentionDays = useAppStore((state) => state.settings?.retentionDays);
  const updateSettings = useAppStore((state) => state.updateSettings);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [storage, setStorage] = useState<StorageStatus | null>(null);
  useEffect(() => {
    void storageStatus().then(setStorage);
  }, [message]);

  const exportAs = async (kind: ArchiveFileKind) => {
    const file = await exportArchiveFile(kind);
    if (file) {
      saveFile(file);
      setMessage(`Saved ${file.name}.`);
    }
  };
  const importFrom = async (file: File | undefined) => {
    if (!file) {
      return;
    }
    if (file.size > MAX_ARCHIVE_BYTES) {
      setMessage(
        `Nothing was imported: the file is larger than ${String(MAX_ARCHIVE_BYTES / 2 ** 20)} MB, more than an archive holds.`,
      );
      return;
    }
    setBusy(true);
    setMessage('Importing…');
    try {
      const text = await file.text().catch(() => null);
      // A file past the longest string the browser can hold cannot be read at all.
      setMessage(
        text === null ? 'Nothing was imported: the file could not be read.' : await importArchiveFile(text),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="settings-section" aria-labelledby="settings-archive">
      <h2 id="settings-archive">Archive</h2>
      <p className="muted small">
        Your messages live only on your devices. To move everything to a new device, use a full backup above;
        exports here are for keeping a readable copy, or merging history into an identity you already
        restored.
      </p>
      {storage?.usedBytes != null && (
        <p className="small" data-testid="storage-used">
          {formatBytes(storage.usedBytes)} used
          {storage.quotaBytes != null ? ` of ${formatBytes(storage.quotaBytes)} available` : ''}.{' '}
          {storage.persisted
            ? 'Kept even when the device runs low on space.'
            : 'The browser may clear it if the device runs very low on space: export a copy now and then.'}
        </p>
      )}
      <label className="choice">
        Keep messages
        <RetentionSelect
          label="Keep messages"
          value={retentionDays ?? null}
          onChange={(days) => void updateSettings({ retentionDays: days ?? null })}
        />
      </label>
      <p className="small muted">
        Older messages are deleted from this device; a conversation can keep its own setting. Your contacts
        keep their copies.
      </p>
      <div className="header-actions">
        <button className="secondary" onClick={() => void exportAs('json')}>
          Export all (JSON)
        </button>
        <button className="secondary" onClick={() => void exportAs('markdown')}>
          Export all (Markdown)
        </button>
        <button className="secondary" onClick={() => void exportAs('html')}>
          Export all (HTML)
        </button>
      </div>
      <label className="stack">
        Import an archive file (JSON)
        <input
          type="file"
          accept=".json,application/json"
          disabled={busy}
          onChange={(event) => void importFrom(event.target.files?.[0])}
        />
      </label>
      <p className="small muted" role="status" data-testid="archive-status">
        {message}
      </p>
    </section>
  );
};
