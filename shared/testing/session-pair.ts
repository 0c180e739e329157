// Runs a full handshake between two identities in memory, for tests and benchmarks of the session layer.
import type { CryptoSuite } from '../crypto/crypto-suite';
import {
  createInitiatorHandshake,
  createResponderHandshake,
  type EstablishedSession,
  type HandshakeIdentity,
} from '../session/handshake';
import type { RekeyPolicy } from '../session/session-cipher';

export interface SessionPair {
  readonly initiator: EstablishedSession;
  readonly responder: EstablishedSession;
}

export const establishSessionPair = async (
  suite: CryptoSuite,
  initiatorIdentity: HandshakeIdentity,
  responderIdentity: HandshakeIdentity,
  options: { readonly now?: () => number; readonly policy?: RekeyPolicy } = {},
): Promise<SessionPair> => {
  const common = {
    suite,
    now: options.now ?? (() => Date.now()),
    ...(options.policy ? { policy: options.policy } : {}),
  };
  const initiator = createInitiatorHandshake(
    { ...common, identity: initiatorIdentity },
    { peerId: responderIdentity.peerId },
  );
  const responder = createResponderHandshake({ ...common, identity: responderIdentity }, (peerId) => ({
    peerId,
  }));
  const reply = await responder.receiveHello(await initiator.hello());
  if (!reply.ok) {
    throw new Error(`hello refused: ${reply.error.code}`);
  }
  const finished = await initiator.receiveReply(reply.value);
  if (!finished.ok) {
    throw new Error(`reply refused: ${finished.error.code}`);
  }
  const established = await responder.receiveFinish(finished.value.finish);
  if (!established.ok) {
    throw new Error(`finish refused: ${established.error.code}`);
  }
  return { initiator: finished.value.session, responder: established.value };
};
