// A DocumentStore over one JSON file (settings, window state) in the user-data folder, written atomically.
import { readFile } from 'node:fs/promises';
import type { DocumentStore } from '../../shared/ports/document-store';
import { writeFileAtomically } from './atomic-file';

const isMissingFile = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && (error as NodeJS.ErrnoException).code === 'ENOENT';

export const createJsonFileStore = (filePath: string): DocumentStore => {
  // Writes run one after another so the last write always wins, even when callers do not await.
  let pending: Promise<void> = Promise.resolve();
  return {
    async read() {
      await pending;
      let text: string;
      try {
        text = await readFile(filePath, 'utf8');
      } catch (error) {
        if (isMissingFile(error)) {
          return null;
        }
        throw error;
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // Readers validate and fall back to defaults; the next write replaces the corrupt file.
        return null;
      }
    },
    write(value) {
      const text = `${JSON.stringify(value, null, 2)}\n`;
      const next = pending.catch(() => undefined).then(() => writeFileAtomically(filePath, text));
      pending = next.catch(() => undefined);
      return next;
    },
  };
};
