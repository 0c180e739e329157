// In-memory adapters of the host ports, for tests and the headless peer. They keep real CryptoKeys; only
// persistence is left out.
import type { WebCryptoPort } from '../crypto/web-crypto-port';
import { importIdentityRecord } from '../identity/identity-keys';
import type { DocumentStore } from '../ports/document-store';
import type { IdentityRecord, IdentityVault, StoredIdentity } from '../ports/identity-vault';
import { fail, ok } from '../result';

export const createMemoryIdentityVault = (
  crypto: WebCryptoPort,
): IdentityVault & { readonly saves: () => number } => {
  let stored: { readonly record: IdentityRecord; readonly identity: StoredIdentity } | null = null;
  let saves = 0;
  return {
    status: () => Promise.resolve({ state: stored ? 'unlocked' : 'empty', protection: 'memory' }),
    load: () => Promise.resolve(ok(stored?.identity ?? null)),
    exportRecord: () => Promise.resolve(ok(stored?.record ?? null)),
    save: async (record) => {
      stored = { record, identity: await importIdentityRecord(crypto, record) };
      saves += 1;
      return ok(undefined);
    },
    rename: (displayName) => {
      if (!stored) {
        return Promise.resolve(fail('IDENTITY_MISSING', 'there is no identity to rename'));
      }
      stored = {
        record: { ...stored.record, displayName },
        identity: { ...stored.identity, displayName },
      };
      saves += 1;
      return Promise.resolve(ok(undefined));
    },
    unlock: () => Promise.resolve(ok(undefined)),
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
