// Adapts Electron's safeStorage to the vault's StringCipher, through the asynchronous API: Electron 45
// deprecates the synchronous encryptString/decryptString.
import type { SafeStorage } from 'electron';
import type { StringCipher } from './safe-storage-identity-vault';

export const createSafeStorageCipher = (
  safeStorage: SafeStorage,
  platform: NodeJS.Platform,
): StringCipher => ({
  isEncryptionAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
  encryptString: (plainText) => safeStorage.encryptStringAsync(plainText),
  decryptString: async (encrypted) => (await safeStorage.decryptStringAsync(encrypted)).result,
  ...(platform === 'linux' ? { storageBackend: () => safeStorage.getSelectedStorageBackend() } : {}),
});
