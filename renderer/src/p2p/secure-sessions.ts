// End-to-end encryption of each data channel: runs the session handshake through the host (which holds the
// keys) when a channel opens, then moves only sealed records over it. Inbound bytes are handled one at a time
// per peer, so a record never overtakes the handshake message before it.
import type { HostApi } from '../../../shared/host/host-contract';
import type { PeerId } from '../../../shared/identity/peer-id';
import { FINISH, HANDSHAKE_VERSION, HELLO, REPLY } from '../../../shared/session/handshake-messages';

/** Until the messaging engine brings conversations, every record belongs to the direct conversation. */
const DIRECT_CONVERSATION = 'direct';
const HANDSHAKE_TYPES = new Set([HELLO, REPLY, FINISH]);

export interface SecureSessionEvents {
  sendRaw(peerId: PeerId, bytes: Uint8Array): boolean;
  onSecured(peerId: PeerId): void;
  onFailed(peerId: PeerId, reason: string): void;
  onText(peerId: PeerId, text: string): void;
}

export interface SecureSessions {
  channelOpened(peerId: PeerId, initiator: boolean): void;
  received(peerId: PeerId, bytes: Uint8Array): void;
  send(peerId: PeerId, text: string): Promise<boolean>;
  channelClosed(peerId: PeerId): void;
}

export const createSecureSessions = (host: HostApi, events: SecureSessionEvents): SecureSessions => {
  const inbound = new Map<PeerId, Promise<void>>();
  const secured = new Set<PeerId>();

  const handle = async (peerId: PeerId, bytes: Uint8Array): Promise<void> => {
    if (bytes[0] === HANDSHAKE_VERSION && HANDSHAKE_TYPES.has(bytes[1] ?? -1)) {
      const step = await host.sessionHandshake({ peerId, message: bytes });
      if (!step.ok) {
        secured.delete(peerId);
        events.onFailed(peerId, `${step.error.code}: ${step.error.message}`);
        return;
      }
      if (step.value.reply) {
        events.sendRaw(peerId, step.value.reply);
      }
      if (step.value.established) {
        secured.add(peerId);
        events.onSecured(peerId);
      }
      return;
    }
    const opened = await host.sessionOpen({ peerId, record: bytes });
    if (opened.ok) {
      events.onText(peerId, new TextDecoder().decode(opened.value.plaintext));
    }
  };

  return {
    channelOpened(peerId, initiator) {
      if (!initiator) {
        return;
      }
      void host.sessionBegin({ peerId }).then((hello) => {
        if (hello.ok) {
          events.sendRaw(peerId, hello.value.message);
        } else {
          events.onFailed(peerId, `${hello.error.code}: ${hello.error.message}`);
        }
      });
    },
    received(peerId, bytes) {
      const previous = inbound.get(peerId) ?? Promise.resolve();
      inbound.set(
        peerId,
        previous.then(() => handle(peerId, bytes)),
      );
    },
    async send(peerId, text) {
      if (!secured.has(peerId)) {
        return false;
      }
      const sealed = await host.sessionSeal({
        peerId,
        conversationId: DIRECT_CONVERSATION,
        plaintext: new TextEncoder().encode(text),
      });
      return sealed.ok && events.sendRaw(peerId, sealed.value.record);
    },
    channelClosed(peerId) {
      secured.delete(peerId);
      inbound.delete(peerId);
      void host.sessionEnd({ peerId });
    },
  };
};
