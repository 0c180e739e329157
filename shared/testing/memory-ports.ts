// In-memory adapters of the host ports, for tests and the headless peer. They keep real CryptoKeys; only
// persistence is left out.
import type { DocumentStore } from '../ports/document-store';
import type { IdentityVault, StoredIdentity } from '../ports/identity-vault';

export const createMemoryIdentityVault = (): IdentityVault & { readonly saves: () => number } => {
  let stored: StoredIdentity | null = null;
  let saves = 0;
  return {
    needsExtractableKey: false,
    load: () => Promise.resolve(stored),
    save: (identity) => {
      stored = identity;
      saves += 1;
      return Promise.resolve();
    },
    saves: () => saves,
  };
};

export const createMemoryDocumentStore = (initial?: unknown): DocumentStore => {
  let value: unknown = initial;
  return {
    read: () => Promise.resolve(value),
    write: (next) => {
      // A document store holds JSON: a copy keeps callers from mutating what was "persisted".
      value = JSON.parse(JSON.stringify(next)) as unknown;
      return Promise.resolve();
    },
  };
};
