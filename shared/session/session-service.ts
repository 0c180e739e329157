// The privileged side's sessions, one per peer: runs the handshake messages the UI relays from a data channel,
// then seals and opens records. Keys never leave this service; the UI only moves opaque bytes.
import type { CryptoSuite } from '../crypto/crypto-suite';
import { fail, ok, type Result } from '../result';
import {
  createInitiatorHandshake,
  createResponderHandshake,
  type EstablishedSession,
  type HandshakeIdentity,
  type InitiatorHandshake,
  type ResponderHandshake,
} from './handshake';
import { FINISH, HELLO, REPLY } from './handshake-messages';
import type { RekeyPolicy } from './session-cipher';

/** Signing keys seen for each peer, so a changed key is noticed (trust on first use until verified). */
export interface PinnedKeys {
  get(peerId: string): Promise<Uint8Array | null>;
  pin(peerId: string, signingKey: Uint8Array): Promise<void>;
}

export interface SessionServiceDeps {
  readonly suite: CryptoSuite;
  readonly identity: () => Promise<HandshakeIdentity | null>;
  readonly pinnedKeys: PinnedKeys;
  readonly now: () => number;
  readonly policy?: RekeyPolicy;
}

export interface HandshakeStep {
  /** The message to send back on the channel, if any. */
  readonly reply: Uint8Array | null;
  readonly established: boolean;
}

export interface SessionService {
  begin(peerId: string): Promise<Result<Uint8Array>>;
  handshake(peerId: string, message: Uint8Array): Promise<Result<HandshakeStep>>;
  seal(peerId: string, conversationId: string, plaintext: Uint8Array): Promise<Result<Uint8Array>>;
  open(
    peerId: string,
    record: Uint8Array,
  ): Promise<Result<{ conversationId: string; plaintext: Uint8Array }>>;
  end(peerId: string): void;
}

type PeerState =
  | { readonly kind: 'initiating'; readonly handshake: InitiatorHandshake }
  | { readonly kind: 'responding'; readonly handshake: ResponderHandshake }
  | { readonly kind: 'established'; readonly session: EstablishedSession };

export const createSessionService = (deps: SessionServiceDeps): SessionService => {
  const peers = new Map<string, PeerState>();

  const handshakeDeps = async () => {
    const identity = await deps.identity();
    return identity
      ? { suite: deps.suite, identity, now: deps.now, ...(deps.policy ? { policy: deps.policy } : {}) }
      : null;
  };

  const expectation = async (peerId: string) => {
    const pinned = await deps.pinnedKeys.get(peerId);
    return pinned ? { peerId, pinnedSigningKey: pinned } : { peerId };
  };

  const settle = async (peerId: string, session: EstablishedSession): Promise<void> => {
    peers.set(peerId, { kind: 'established', session });
    if (!(await deps.pinnedKeys.get(peerId))) {
      await deps.pinnedKeys.pin(peerId, session.remoteSigningKey);
    }
  };

  // A handshake step awaits crypto; if the peer's session was ended or replaced meanwhile (a closed channel, a
  // reconnect), its outcome must neither revive the old session nor overwrite the new one.
  const superseded = () =>
    fail('SESSION_UNEXPECTED_MESSAGE', 'the handshake was ended or replaced while this message was handled');

  return {
    async begin(peerId) {
      const base = await handshakeDeps();
      if (!base) {
        return fail('IDENTITY_MISSING', 'create an identity first');
      }
      const handshake = createInitiatorHandshake(base, await expectation(peerId));
      // A new handshake replaces any session or handshake with this peer (a reconnect).
      peers.set(peerId, { kind: 'initiating', handshake });
      return ok(await handshake.hello());
    },

    async handshake(peerId, message) {
      const type = message[1];
      const state = peers.get(peerId);
      // Any version goes to the handshake, which refuses all but 1 with SESSION_UNSUPPORTED_VERSION.
      if (type === HELLO) {
        const base = await handshakeDeps();
        if (!base) {
          return fail('IDENTITY_MISSING', 'create an identity first');
        }
        const expected = await expectation(peerId);
        const handshake = createResponderHandshake(base, (claimed) => (claimed === peerId ? expected : null));
        const reply = await handshake.receiveHello(message);
        if (!reply.ok) {
          return reply;
        }
        peers.set(peerId, { kind: 'responding', handshake });
        return ok({ reply: reply.value, established: false });
      }
      if (type === REPLY && state?.kind === 'initiating') {
        const result = await state.handshake.receiveReply(message);
        if (peers.get(peerId) !== state) {
          return superseded();
        }
        if (!result.ok) {
          peers.delete(peerId);
          return result;
        }
        await settle(peerId, result.value.session);
        return ok({ reply: result.value.finish, established: true });
      }
      if (type === FINISH && state?.kind === 'responding') {
        const result = await state.handshake.receiveFinish(message);
        if (peers.get(peerId) !== state) {
          return superseded();
        }
        if (!result.ok) {
          peers.delete(peerId);
          return result;
        }
        await settle(peerId, result.value);
        return ok({ reply: null, established: true });
      }
      return fail('SESSION_UNEXPECTED_MESSAGE', 'no handshake in progress for this message');
    },

    async seal(peerId, conversationId, plaintext) {
      const state = peers.get(peerId);
      if (state?.kind !== 'established') {
        return fail('SESSION_UNEXPECTED_MESSAGE', `no session with ${peerId}`);
      }
      return state.session.cipher.seal(plaintext, conversationId);
    },

    async open(peerId, record) {
      const state = peers.get(peerId);
      if (state?.kind !== 'established') {
        return fail('SESSION_UNEXPECTED_MESSAGE', `no session with ${peerId}`);
      }
      const opened = await state.session.cipher.open(record);
      return opened.ok
        ? ok({ conversationId: opened.value.conversationId, plaintext: opened.value.plaintext })
        : opened;
    },

    end(peerId) {
      peers.delete(peerId);
    },
  };
};
