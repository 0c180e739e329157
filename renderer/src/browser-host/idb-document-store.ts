// A JSON document kept under one IndexedDB key (settings in the browser build).
import { get, set, type UseStore } from 'idb-keyval';
import type { DocumentStore } from '../../../shared/ports/document-store';

export const createIdbDocumentStore = (store: UseStore, key: string): DocumentStore => ({
  read: () => get(key, store),
  write: (value) => set(key, value, store),
});
