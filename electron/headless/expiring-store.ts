// Disappearing messages on the headless peer: while it runs, its file store erases each message the moment its
// expiry passes, as the app's archive does (shared/messaging/expiry-schedule.ts); what expired while it was
// stopped goes as soon as it starts.
import { startExpirySchedule } from '../../shared/messaging/expiry-schedule';
import type { Message } from '../../shared/messaging/message-format';
import type { MessageStore } from '../../shared/messaging/message-store';
import type { Clock } from '../../shared/ports/clock';
import type { FileMessageStore } from '../main/storage/file-message-store';

export interface ExpiringStore {
  /** The store to run the messenger on: every message stored through it with an expiry is scheduled. */
  readonly store: MessageStore;
  /** Stops the schedule; call before closing the file store. */
  readonly stop: () => void;
}

export const withExpiries = (
  files: FileMessageStore,
  clock: Clock,
  onError: (error: unknown) => void,
): ExpiringStore => {
  const schedule = startExpirySchedule({
    clock,
    // A failed erase is reported and tried again later by the schedule; it must not end the peer.
    nextExpiry: () =>
      files.nextExpiry().catch((error: unknown) => {
        onError(error);
        return undefined;
      }),
    purgeExpired: () => files.expire(clock.now()).catch(onError),
  });
  const noteExpiry = (message: Message): void => {
    const expiresAt = message.meta?.expiresAt;
    if (expiresAt !== undefined) {
      schedule.expireAt(expiresAt);
    }
  };
  return {
    store: {
      ...files,
      async createOutgoing(to, build) {
        const message = await files.createOutgoing(to, build);
        noteExpiry(message);
        return message;
      },
      async receive(message, receivedAt, request) {
        const outcome = await files.receive(message, receivedAt, request);
        if (outcome !== 'duplicate') {
          noteExpiry(message);
        }
        return outcome;
      },
    },
    stop: () => schedule.stop(),
  };
};
