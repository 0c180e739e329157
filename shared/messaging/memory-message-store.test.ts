// The memory store against the MessageStore contract; a restart is a new store over a snapshot of the old one.
import { createMemoryMessageStore, type MemoryMessageStore } from './memory-message-store';
import { describeMessageStoreContract } from './testing/message-store-contract';

describeMessageStoreContract('memory message store', () => {
  let current: MemoryMessageStore = createMemoryMessageStore();
  return Promise.resolve({
    store: current,
    reopen: () => {
      current = createMemoryMessageStore(current.snapshot());
      return Promise.resolve(current);
    },
    cleanup: () => Promise.resolve(),
  });
});
