// A value kept under one IndexedDB key: the settings document, or the identity vault's entry (structured clone
// keeps its CryptoKeys).
import { get, set, type UseStore } from 'idb-keyval';
import type { DocumentStore } from '../../../shared/ports/document-store';

export const createIdbDocumentStore = (store: UseStore, key: string): DocumentStore => ({
  read: () => get(key, store),
  write: (value) => set(key, value, store),
});
