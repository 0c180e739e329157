// The authenticated key exchange run on every new data channel (docs/PROTOCOL.md, "Handshake"): SIGMA-style
// "sign the transcript" over X25519. Three messages; each side signs the transcript, including both peer IDs,
// both ephemeral keys and both nonces, with its RSA identity key under a role label, and checks the other's key
// against the peer ID it expected. Ephemeral private keys are dropped as soon as the shared secret exists.
import type { CryptoSuite } from '../crypto/crypto-suite';
import type { CryptoKeyHandle } from '../crypto/web-crypto-port';
import { bytesEqual, concatBytes } from '../encoding/byte-codec';
import { utf8 } from '../encoding/bytes';
import type { ErrorCode } from '../errors';
import { peerIdFromSpkiDigest } from '../identity/peer-id';
import { fail, ok, type Failure, type Result } from '../result';
import {
  decodeFinish,
  decodeHello,
  decodeReply,
  encodeFinish,
  encodeFinishUnsigned,
  encodeHello,
  encodeReply,
  encodeReplyUnsigned,
  NONCE_BYTES,
  type HandshakeDecodeFailure,
} from './handshake-messages';
import { deriveSessionSecrets } from './key-schedule';
import { createSessionCipher, type RekeyPolicy, type SessionCipher } from './session-cipher';

export const RESPONDER_SIGNATURE_DOMAIN = 'parley-handshake-v1 responder';
export const INITIATOR_SIGNATURE_DOMAIN = 'parley-handshake-v1 initiator';

/** The local identity as the handshake sees it; the private key stays behind `sign`. */
export interface HandshakeIdentity {
  readonly peerId: string;
  /** SPKI of the RSA-PSS signing key. */
  readonly signingKey: Uint8Array;
  /** RSA-PSS over utf8(domain + "\n") || data. */
  sign(domain: string, data: Uint8Array): Promise<Uint8Array>;
}

export interface ExpectedPeer {
  readonly peerId: string;
  /** The signing key this contact presented before, if any (trust on first use, or verified). */
  readonly pinnedSigningKey?: Uint8Array;
}

export interface HandshakeDeps {
  readonly suite: CryptoSuite;
  readonly identity: HandshakeIdentity;
  readonly now: () => number;
  readonly policy?: RekeyPolicy;
}

export interface EstablishedSession {
  readonly remotePeerId: string;
  readonly remoteSigningKey: Uint8Array;
  readonly sessionId: Uint8Array;
  readonly cipher: SessionCipher;
}

const signedData = (domain: string, data: Uint8Array): Uint8Array => concatBytes(utf8(`${domain}\n`), data);

const decodeFailure = (failure: HandshakeDecodeFailure): { ok: false; error: Failure } => {
  const codes: Record<HandshakeDecodeFailure, ErrorCode> = {
    malformed: 'SESSION_MALFORMED',
    'unsupported-version': 'SESSION_UNSUPPORTED_VERSION',
    'unexpected-type': 'SESSION_UNEXPECTED_MESSAGE',
  };
  return fail(codes[failure], `handshake message is ${failure}`);
};

/** Checks a presented signing key against what we expected of the peer; null when it is acceptable. */
const checkPeerKey = async (
  suite: CryptoSuite,
  expected: ExpectedPeer,
  presented: Uint8Array,
): Promise<{ ok: false; error: Failure } | null> => {
  if (expected.pinnedSigningKey && !bytesEqual(expected.pinnedSigningKey, presented)) {
    return fail('SESSION_SAFETY_NUMBER_CHANGED', `${expected.peerId} presented a different identity key`);
  }
  if (peerIdFromSpkiDigest(await suite.sha256(presented)) !== expected.peerId) {
    return fail('SESSION_PEER_MISMATCH', `the key presented is not ${expected.peerId}'s`);
  }
  return null;
};

const establish = async (
  deps: HandshakeDeps,
  role: 'initiator' | 'responder',
  remote: { peerId: string; signingKey: Uint8Array },
  shared: Uint8Array,
  transcript: Uint8Array,
): Promise<EstablishedSession> => {
  const secrets = await deriveSessionSecrets(deps.suite, shared, await deps.suite.sha256(transcript));
  const [sendSecret, receiveSecret] =
    role === 'initiator'
      ? [secrets.initiatorToResponder, secrets.responderToInitiator]
      : [secrets.responderToInitiator, secrets.initiatorToResponder];
  return {
    remotePeerId: remote.peerId,
    remoteSigningKey: remote.signingKey,
    sessionId: secrets.sessionId,
    cipher: createSessionCipher({
      suite: deps.suite,
      localPeerId: deps.identity.peerId,
      remotePeerId: remote.peerId,
      sendSecret,
      receiveSecret,
      now: deps.now,
      ...(deps.policy ? { policy: deps.policy } : {}),
    }),
  };
};

export interface InitiatorHandshake {
  hello(): Promise<Uint8Array>;
  receiveReply(reply: Uint8Array): Promise<Result<{ finish: Uint8Array; session: EstablishedSession }>>;
}

export const createInitiatorHandshake = (deps: HandshakeDeps, expected: ExpectedPeer): InitiatorHandshake => {
  let state:
    { step: 'new' } | { step: 'sent'; hello: Uint8Array; ephemeral: CryptoKeyHandle } | { step: 'done' } = {
    step: 'new',
  };
  return {
    async hello() {
      if (state.step !== 'new') {
        throw new Error('hello() called twice');
      }
      const ephemeral = await deps.suite.generateEphemeral();
      const hello = encodeHello({
        initiatorId: deps.identity.peerId,
        responderId: expected.peerId,
        ephemeral: ephemeral.publicKey,
        nonce: deps.suite.randomBytes(NONCE_BYTES),
      });
      state = { step: 'sent', hello, ephemeral: ephemeral.privateKey };
      return hello;
    },
    async receiveReply(bytes) {
      if (state.step !== 'sent') {
        return fail('SESSION_UNEXPECTED_MESSAGE', 'no handshake reply expected now');
      }
      const { hello, ephemeral } = state;
      // Whatever happens next, this handshake is over: one reply per hello.
      state = { step: 'done' };
      const reply = decodeReply(bytes);
      if (typeof reply === 'string') {
        return decodeFailure(reply);
      }
      const keyProblem = await checkPeerKey(deps.suite, expected, reply.signingKey);
      if (keyProblem) {
        return keyProblem;
      }
      const responderSigned = await deps.suite.sha256(concatBytes(hello, reply.unsigned));
      const replyValid = await deps.suite.verifySignature(
        reply.signingKey,
        reply.signature,
        signedData(RESPONDER_SIGNATURE_DOMAIN, responderSigned),
      );
      if (!replyValid) {
        return fail('SESSION_BAD_SIGNATURE', 'the responder’s transcript signature is invalid');
      }
      const shared = await deps.suite.deriveShared(ephemeral, reply.ephemeral);
      if (!shared) {
        return fail('SESSION_KEY_AGREEMENT_FAILED', 'the responder’s ephemeral key is invalid');
      }
      const replyBytes = Uint8Array.from(bytes);
      const finishUnsigned = encodeFinishUnsigned({ signingKey: deps.identity.signingKey });
      const initiatorSigned = await deps.suite.sha256(concatBytes(hello, replyBytes, finishUnsigned));
      const finish = encodeFinish({
        signingKey: deps.identity.signingKey,
        signature: await deps.identity.sign(INITIATOR_SIGNATURE_DOMAIN, initiatorSigned),
      });
      const session = await establish(
        deps,
        'initiator',
        { peerId: expected.peerId, signingKey: reply.signingKey },
        shared,
        concatBytes(hello, replyBytes, finish),
      );
      return ok({ finish, session });
    },
  };
};

export interface ResponderHandshake {
  receiveHello(hello: Uint8Array): Promise<Result<Uint8Array>>;
  receiveFinish(finish: Uint8Array): Promise<Result<EstablishedSession>>;
}

/**
 * `expectPeer` says who may open a session: the expected identity for a claimed initiator ID (for a known
 * contact, with its pinned key), or null to refuse that initiator.
 */
export const createResponderHandshake = (
  deps: HandshakeDeps,
  expectPeer: (initiatorId: string) => ExpectedPeer | null,
): ResponderHandshake => {
  let state:
    | { step: 'new' }
    | { step: 'replied'; hello: Uint8Array; reply: Uint8Array; expected: ExpectedPeer; shared: Uint8Array }
    | { step: 'done' } = { step: 'new' };
  return {
    async receiveHello(bytes) {
      if (state.step !== 'new') {
        return fail('SESSION_UNEXPECTED_MESSAGE', 'a hello was already received');
      }
      state = { step: 'done' };
      const hello = decodeHello(bytes);
      if (typeof hello === 'string') {
        return decodeFailure(hello);
      }
      if (hello.responderId !== deps.identity.peerId) {
        return fail('SESSION_PEER_MISMATCH', 'the hello is addressed to another peer');
      }
      const expected = expectPeer(hello.initiatorId);
      if (!expected || expected.peerId !== hello.initiatorId) {
        return fail('SESSION_PEER_MISMATCH', `not expecting a session from ${hello.initiatorId}`);
      }
      const ephemeral = await deps.suite.generateEphemeral();
      const shared = await deps.suite.deriveShared(ephemeral.privateKey, hello.ephemeral);
      if (!shared) {
        return fail('SESSION_KEY_AGREEMENT_FAILED', 'the initiator’s ephemeral key is invalid');
      }
      const unsigned = {
        ephemeral: ephemeral.publicKey,
        nonce: deps.suite.randomBytes(NONCE_BYTES),
        signingKey: deps.identity.signingKey,
      };
      const signed = await deps.suite.sha256(concatBytes(bytes, encodeReplyUnsigned(unsigned)));
      const reply = encodeReply({
        ...unsigned,
        signature: await deps.identity.sign(RESPONDER_SIGNATURE_DOMAIN, signed),
      });
      state = { step: 'replied', hello: Uint8Array.from(bytes), reply, expected, shared };
      return ok(reply);
    },
    async receiveFinish(bytes) {
      if (state.step !== 'replied') {
        return fail('SESSION_UNEXPECTED_MESSAGE', 'no handshake finish expected now');
      }
      const { hello, reply, expected, shared } = state;
      state = { step: 'done' };
      const finish = decodeFinish(bytes);
      if (typeof finish === 'string') {
        return decodeFailure(finish);
      }
      const keyProblem = await checkPeerKey(deps.suite, expected, finish.signingKey);
      if (keyProblem) {
        return keyProblem;
      }
      const signed = await deps.suite.sha256(concatBytes(hello, reply, finish.unsigned));
      const valid = await deps.suite.verifySignature(
        finish.signingKey,
        finish.signature,
        signedData(INITIATOR_SIGNATURE_DOMAIN, signed),
      );
      if (!valid) {
        return fail('SESSION_BAD_SIGNATURE', 'the initiator’s transcript signature is invalid');
      }
      return ok(
        await establish(
          deps,
          'responder',
          { peerId: expected.peerId, signingKey: finish.signingKey },
          shared,
          concatBytes(hello, reply, bytes),
        ),
      );
    },
  };
};
