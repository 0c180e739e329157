// The MessageStore contract: every documented behaviour of the port, as Vitest specifications that each adapter
// (memory, file, Dexie) registers against itself. `reopen` stands for a restart, so everything is also checked
// after one; the property tests compare the store with a naive model under random operation sequences. Each
// theme lives in message-store-contract/; this file runs them all, in order, under the adapter's name.
import { describe } from 'vitest';
import { describeContactsContract } from './message-store-contract/contacts-contract';
import { describeDeletedTargetsContract } from './message-store-contract/deleted-targets-contract';
import { describeDeletingContract } from './message-store-contract/deleting-contract';
import { describeDeliveryStatusContract } from './message-store-contract/delivery-status-contract';
import { describeDisappearingTimerContract } from './message-store-contract/disappearing-timer-contract';
import { describeEditingContract } from './message-store-contract/editing-contract';
import { describeIncomingMessagesContract } from './message-store-contract/incoming-messages-contract';
import { describeOutboxContract } from './message-store-contract/outbox-contract';
import { describeRestartsContract } from './message-store-contract/restarts-contract';
import { describeSequenceNumbersContract } from './message-store-contract/sequence-numbers-contract';
import { storeContext, type MessageStoreFixture } from './message-store-contract/store-context';

export { editMessage, messageId, textMessage, timerMessage } from './message-store-contract/samples';
export type { MessageStoreFixture } from './message-store-contract/store-context';

export const describeMessageStoreContract = (
  name: string,
  makeStore: () => Promise<MessageStoreFixture>,
): void => {
  const context = storeContext(makeStore);
  describe(`${name}: MessageStore contract`, () => {
    describeSequenceNumbersContract(context);
    describeOutboxContract(context);
    describeDeliveryStatusContract(context);
    describeIncomingMessagesContract(context);
    describeDeletingContract(context);
    describeEditingContract(context);
    describeDeletedTargetsContract(context);
    describeDisappearingTimerContract(context);
    describeContactsContract(context);
    describeRestartsContract(context);
  });
};
