// A messenger for tests of the app store and screens: the real engine on the host's sessions and sealer, with a
// store of the test's choice, and no network (signaling never gets ready, so nothing is dialed).
import { v7 as uuidv7 } from 'uuid';
import type { HostApi } from '../../../../shared/host/host-contract';
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { MessageStore } from '../../../../shared/messaging/message-store';
import { createMessenger, type Messenger, type MessengerEvent } from '../../../../shared/messaging/messenger';
import { systemClock } from '../../../../shared/ports/clock';
import { hostSessionPort, hostSignalSealer } from '../host-ports';

export const createOfflineMessenger = (options: {
  readonly identity: { readonly peerId: PeerId; readonly displayName: string };
  readonly store: MessageStore;
  readonly host: HostApi;
  readonly onEvent: (event: MessengerEvent) => void;
}): Messenger =>
  createMessenger({
    localPeerId: options.identity.peerId,
    displayName: options.identity.displayName,
    store: options.store,
    sessions: hostSessionPort(options.host),
    rtc: {
      create: () => {
        throw new Error('nothing is dialed while signaling is down');
      },
    },
    signaling: {
      lookup: () => new Promise(() => undefined),
      sendSignal: () => undefined,
      watch: () => undefined,
    },
    sealer: hostSignalSealer(options.host),
    watchList: () => Promise.resolve([]),
    clock: systemClock,
    random: Math.random,
    newMessageId: (now) => uuidv7({ msecs: now }),
    newAttemptId: () => crypto.randomUUID(),
    onEvent: options.onEvent,
  });
