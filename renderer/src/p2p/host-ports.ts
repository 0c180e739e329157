// The messenger's privileged ports, served by the host (Electron main or the browser build's Worker): session
// records and sealed signals are made where the keys are; the renderer only moves the bytes.
import type { HostApi } from '../../../shared/host/host-contract';
import type { MessengerDeps } from '../../../shared/messaging/messenger';
import type { SessionPort } from '../../../shared/messaging/connection-manager';
import { ok } from '../../../shared/result';

/** Link records carry no conversation of their own (messages name theirs inside), hence the empty ID. */
const LINK_CONVERSATION = '';

export const hostSessionPort = (host: HostApi): SessionPort => ({
  async begin(peerId) {
    const hello = await host.sessionBegin({ peerId });
    return hello.ok ? ok(hello.value.message) : hello;
  },
  handshake: (peerId, message) => host.sessionHandshake({ peerId, message }),
  async seal(peerId, plaintext) {
    const sealed = await host.sessionSeal({ peerId, conversationId: LINK_CONVERSATION, plaintext });
    return sealed.ok ? ok(sealed.value.record) : sealed;
  },
  async open(peerId, record) {
    const opened = await host.sessionOpen({ peerId, record });
    return opened.ok ? ok(opened.value.plaintext) : opened;
  },
  end: (peerId) => void host.sessionEnd({ peerId }),
});

export const hostSignalSealer = (host: HostApi): MessengerDeps['sealer'] => ({
  async seal(recipient, payload) {
    const sealed = await host.sealSignal({ recipient, payload });
    return sealed.ok ? ok(sealed.value.sealed) : sealed;
  },
  async open(from, sealed) {
    const opened = await host.openSignal({ from, sealed });
    return opened.ok ? ok(opened.value.payload) : opened;
  },
});
