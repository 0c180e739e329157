// WebRTC signals sealed end to end on their way through the signaling server (docs/PROTOCOL.md, "Sealed
// signals"). Outgoing: look up the recipient's key bundle once, seal each payload through the host (which
// verifies the bundle and holds the signing key), send. Incoming: open through the host. Sealing is
// asynchronous, so each peer's signals are queued and kept in order: an ICE candidate must not overtake its offer.
import type { ErrorCode } from '../errors';
import type { KeyBundle } from '../identity/key-bundle';
import type { PeerId } from '../identity/peer-id';
import { fail, type Result } from '../result';

export interface SealedSignalsDeps {
  readonly lookup: (peerId: PeerId) => Promise<Result<KeyBundle>>;
  readonly seal: (recipient: KeyBundle, payload: string) => Promise<Result<string>>;
  readonly open: (from: PeerId, sealed: string) => Promise<Result<string>>;
  /** `tag` is the one `send` was given (which connection attempt the signal belongs to). */
  readonly sendSealed: (to: PeerId, sealed: string, tag?: string) => void;
  readonly deliver: (from: PeerId, payload: string) => void;
  /**
   * `sending` tells whether one of our signals could not go out (the connection attempt cannot proceed); `tag`
   * is then the one its `send` was given.
   */
  readonly onError: (
    peerId: PeerId,
    code: ErrorCode,
    message: string,
    sending: boolean,
    tag?: string,
  ) => void;
}

export interface SealedSignals {
  send(to: PeerId, payload: string, tag?: string): Promise<void>;
  receive(from: PeerId, sealed: string): Promise<void>;
  /** Forgets cached key bundles (after a reconnect, or when a peer's key may have changed). */
  forget(peerId?: PeerId): void;
}

export const createSealedSignals = (deps: SealedSignalsDeps): SealedSignals => {
  const bundles = new Map<PeerId, Promise<Result<KeyBundle>>>();
  const outgoing = new Map<PeerId, Promise<void>>();
  const incoming = new Map<PeerId, Promise<void>>();

  /** Runs `task` after the previous one for the same peer, and drops the chain once it is idle. */
  const inOrder = (
    chains: Map<PeerId, Promise<void>>,
    peerId: PeerId,
    task: () => Promise<void>,
    tag?: string,
  ): Promise<void> => {
    // A task that throws (a host call failing outright) is reported like a refused one and the chain goes on.
    const next = (chains.get(peerId) ?? Promise.resolve()).then(task).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      deps.onError(peerId, 'HOST_INTERNAL', message, chains === outgoing, tag);
    });
    chains.set(peerId, next);
    void next.then(() => {
      if (chains.get(peerId) === next) {
        chains.delete(peerId);
      }
    });
    return next;
  };

  const bundleOf = (peerId: PeerId): Promise<Result<KeyBundle>> => {
    const cached = bundles.get(peerId);
    if (cached) {
      return cached;
    }
    // The server answers lookups, and a server that answered with keys of its own choosing would read what is
    // sealed to them (SDP, addresses): the keys must be those of the peer asked for. The sealer checks that the
    // bundle's peer ID derives from its signing key.
    const looked = deps
      .lookup(peerId)
      .then((found) =>
        found.ok && found.value.peerId !== peerId
          ? fail(
              'KEY_BUNDLE_PEER_ID_MISMATCH',
              `the server answered a lookup of ${peerId} with another peer's keys`,
            )
          : found,
      );
    bundles.set(peerId, looked);
    void looked.then((result) => {
      if (!result.ok) {
        bundles.delete(peerId);
      }
    });
    return looked;
  };

  return {
    send: (to, payload, tag) =>
      inOrder(
        outgoing,
        to,
        async () => {
          const bundle = await bundleOf(to);
          if (!bundle.ok) {
            deps.onError(to, bundle.error.code, bundle.error.message, true, tag);
            return;
          }
          const sealed = await deps.seal(bundle.value, payload);
          if (!sealed.ok) {
            bundles.delete(to);
            deps.onError(to, sealed.error.code, sealed.error.message, true, tag);
            return;
          }
          deps.sendSealed(to, sealed.value, tag);
        },
        tag,
      ),
    receive: (from, sealed) =>
      inOrder(incoming, from, async () => {
        const opened = await deps.open(from, sealed);
        if (!opened.ok) {
          deps.onError(from, opened.error.code, opened.error.message, false);
          return;
        }
        deps.deliver(from, opened.value);
      }),
    forget(peerId) {
      if (peerId) {
        bundles.delete(peerId);
      } else {
        bundles.clear();
      }
    },
  };
};
