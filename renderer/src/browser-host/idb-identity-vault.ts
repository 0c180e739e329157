// Browser identity vault: the key pair lives in IndexedDB as CryptoKey objects; the private key is generated
// non-extractable, so even script running in this origin cannot read its bytes.
import { get, set, type UseStore } from 'idb-keyval';
import type { IdentityVault, StoredIdentity } from '../../../shared/ports/identity-vault';

const IDENTITY_KEY = 'identity';

export const createIdbIdentityVault = (store: UseStore): IdentityVault => ({
  needsExtractableKey: false,
  load: async () => (await get<StoredIdentity>(IDENTITY_KEY, store)) ?? null,
  save: (identity) => set(IDENTITY_KEY, identity, store),
});
