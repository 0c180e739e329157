// A Parley peer without a UI: the privileged services (identity, sessions, signal sealing) and the messenger,
// over a real signaling connection (ws) and real WebRTC (@roamhq/wrtc). The `parley-node` command and the
// multi-peer integration tests run it; bots can too.
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { WebSocket } from 'ws';
import type { PrivilegedServices } from '../../shared/host/host-services';
import type { PeerId } from '../../shared/identity/peer-id';
import type { MessageStore } from '../../shared/messaging/message-store';
import { sessionPortFrom } from '../../shared/messaging/session-port';
import { createMessenger, type Messenger, type MessengerEvent } from '../../shared/messaging/messenger';
import type { RetransmitPolicy } from '../../shared/messaging/delivery-engine';
import { systemClock } from '../../shared/ports/clock';
import { connectReconnectingSignaling } from '../../shared/signaling/reconnecting-signaling';
import type { SignalingClient, SignalingSocket } from '../../shared/signaling/signaling-client';
import { createNodeRtcFactory } from './node-rtc';

export interface HeadlessPeerOptions {
  readonly services: PrivilegedServices;
  readonly store: MessageStore;
  readonly signalingUrl: string;
  readonly realm?: string;
  /** Peers whose presence to follow (contacts); those with queued messages are added. */
  readonly contacts: () => Promise<readonly PeerId[]>;
  readonly onEvent: (event: MessengerEvent) => void;
  readonly policy?: Partial<RetransmitPolicy>;
}

export interface HeadlessPeer {
  readonly peerId: PeerId;
  readonly messenger: Messenger;
  readonly signaling: SignalingClient;
  stop(): Promise<void>;
}

export const startHeadlessPeer = async (options: HeadlessPeerOptions): Promise<HeadlessPeer> => {
  const { services } = options;
  const local = await services.identity.localIdentity();
  if (!local.ok) {
    throw new Error(`no usable identity: ${local.error.message}`);
  }
  const summary = await services.identity.current();
  const displayName = summary.ok && summary.value ? summary.value.displayName : 'Parley bot';
  const peerId = local.value.peerId;

  let messenger: Messenger | null = null;
  const signaling = connectReconnectingSignaling({
    url: options.signalingUrl,
    ...(options.realm ? { realm: options.realm } : {}),
    openSocket: (url) => new WebSocket(url) as unknown as SignalingSocket,
    answerChallenge: (challenge) => services.identity.signSignalingChallenge(challenge),
    onEvent: (event) => messenger?.signalingEvent(event),
    timers: systemClock,
    random: Math.random,
  });
  messenger = createMessenger({
    localPeerId: peerId,
    displayName,
    store: options.store,
    sessions: sessionPortFrom(services.sessions),
    rtc: createNodeRtcFactory(),
    signaling,
    sealer: {
      seal: (recipient, payload) => services.signals.seal(recipient, payload),
      open: (from, sealed) => services.signals.open(from, sealed),
    },
    watchList: async () => [
      ...new Set([...(await options.contacts()), ...(await options.store.outboxPeers())]),
    ],
    clock: systemClock,
    random: Math.random,
    newMessageId: (now) => uuidv7({ msecs: now }),
    newAttemptId: () => randomUUID(),
    onEvent: options.onEvent,
    ...(options.policy ? { policy: options.policy } : {}),
  });
  await messenger.start();
  const running = messenger;
  return {
    peerId,
    messenger: running,
    signaling,
    async stop() {
      signaling.close();
      await running.stop();
    },
  };
};
