// What each part of the MessageStore contract is handed: fresh stores from the adapter under test, and the
// shortest ways to put outgoing messages in them.
import { expect, onTestFinished } from 'vitest';
import type { PeerId } from '../../../identity/peer-id';
import type { Message } from '../../message-format';
import type { DeliveryStatus, MessageStore } from '../../message-store';
import { BOB, LOCAL, textMessage } from './samples';

export interface MessageStoreFixture {
  readonly store: MessageStore;
  /** The same data as after a restart; the store returned replaces the previous one, which is not used again. */
  reopen(): Promise<MessageStore>;
  cleanup(): Promise<void>;
}

export interface StoreContext {
  /** A fresh store for one test, cleaned up when the test ends. */
  readonly open: () => Promise<MessageStoreFixture>;
  /** Runs `body` on a fresh store per property run. */
  readonly withFreshStore: (body: (fixture: MessageStoreFixture) => Promise<void>) => Promise<void>;
}

export const storeContext = (makeStore: () => Promise<MessageStoreFixture>): StoreContext => ({
  open: async () => {
    const fixture = await makeStore();
    onTestFinished(() => fixture.cleanup());
    return fixture;
  },
  withFreshStore: async (body) => {
    const fixture = await makeStore();
    try {
      await body(fixture);
    } finally {
      await fixture.cleanup();
    }
  },
});

export const createTo = (store: MessageStore, n: number, to: PeerId): Promise<Message> =>
  store.createOutgoing(to, (seq) => textMessage(n, LOCAL, to, seq));

/** An outgoing message moved to `status` by the shortest allowed path. */
export const outgoingIn = async (
  store: MessageStore,
  n: number,
  status: DeliveryStatus,
): Promise<Message> => {
  const message = await createTo(store, n, BOB);
  if (status !== 'pending') {
    expect(await store.setStatus([message.id], status, 'gave up')).toEqual([message.id]);
  }
  return message;
};
