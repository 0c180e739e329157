// The file message store on a real folder passes the MessageStore contract, also while compacting all the time.
// What only a file store has to get right is in the file-message-store-*.integration.test.ts files beside this:
// torn and damaged lines, compaction, durability, and one owner.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeMessageStoreContract } from '../../../shared/messaging/testing/message-store-contract';
import { openFileMessageStore, type FileMessageStoreOptions } from './file-message-store';

const contractFixture = (options: FileMessageStoreOptions) => async () => {
  const directory = await mkdtemp(path.join(tmpdir(), 'parley-messages-'));
  let current = await openFileMessageStore(directory, options);
  return {
    store: current,
    reopen: async () => {
      await current.close();
      current = await openFileMessageStore(directory, options);
      return current;
    },
    cleanup: async () => {
      await current.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
};

describeMessageStoreContract('file message store', contractFixture({}));
// Every write that takes the journal past the snapshot's size folds it into a new snapshot.
describeMessageStoreContract(
  'file message store, compacting constantly',
  contractFixture({ compactAtBytes: 1 }),
);
