// The Dexie store against the MessageStore contract, on Chromium's real IndexedDB; a restart closes the
// database and opens it again by name.
import { Dexie } from 'dexie';
import { describeMessageStoreContract } from '../../../shared/messaging/testing/message-store-contract';
import { openArchiveDb, type ArchiveDb } from './archive-db';
import { openDexieMessageStore } from './dexie-message-store';

let databases = 0;

describeMessageStoreContract('Dexie message store', async () => {
  const name = `contract-${String(Date.now())}-${String((databases += 1))}`;
  let db: ArchiveDb = await openArchiveDb(name);
  return {
    store: await openDexieMessageStore(db),
    async reopen() {
      db.close();
      db = await openArchiveDb(name);
      return await openDexieMessageStore(db);
    },
    async cleanup() {
      db.close();
      await Dexie.delete(name);
    },
  };
});
