// Helpers for tests that talk to a real signaling server over real WebSockets: identities, a client whose events
// can be awaited one by one, and a raw socket for sending what a well-behaved client never would.
import { webcrypto } from 'node:crypto';
import { expect } from 'vitest';
import { WebSocket } from 'ws';
import type { IdentityCryptoPort } from '../../shared/identity/identity-crypto-port';
import { createIdentityService, type IdentityService } from '../../shared/identity/identity-service';
import type { PeerId } from '../../shared/identity/peer-id';
import {
  connectSignaling,
  type SignalingClient,
  type SignalingEvent,
  type SignalingSocket,
} from '../../shared/signaling/signaling-client';
import {
  connectReconnectingSignaling,
  type BackoffPolicy,
} from '../../shared/signaling/reconnecting-signaling';
import { createMemoryIdentityVault } from '../../shared/testing/memory-ports';

export const testCrypto = webcrypto as unknown as IdentityCryptoPort;
export const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface TestIdentity {
  readonly service: IdentityService;
  readonly peerId: PeerId;
}

export const newIdentity = async (name: string): Promise<TestIdentity> => {
  const service = createIdentityService({ crypto: testCrypto, vault: createMemoryIdentityVault(testCrypto) });
  const created = await service.create(name);
  if (!created.ok) {
    throw new Error(created.error.message);
  }
  return { service, peerId: created.value.peerId };
};

/** Events in arrival order, awaitable by kind. */
interface EventQueue {
  push(event: SignalingEvent): void;
  next<T extends SignalingEvent>(
    match: (event: SignalingEvent) => event is T,
    timeoutMs?: number,
  ): Promise<T>;
  all(): SignalingEvent[];
}

const eventQueue = (): EventQueue => {
  const events: SignalingEvent[] = [];
  const waiters: (() => void)[] = [];
  return {
    push(event) {
      events.push(event);
      waiters.splice(0).forEach((wake) => wake());
    },
    async next<T extends SignalingEvent>(match: (event: SignalingEvent) => event is T, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = events.findIndex(match);
        if (index >= 0) {
          return events.splice(index, 1)[0] as T;
        }
        if (Date.now() > deadline) {
          throw new Error(
            `no matching signaling event within ${timeoutMs} ms; have ${JSON.stringify(events)}`,
          );
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    all: () => [...events],
  };
};

export interface TestClient extends Pick<EventQueue, 'next' | 'all'> {
  readonly client: SignalingClient;
  /** The reconnecting client's "try now", when the client reconnects. */
  readonly reconnectNow?: () => void;
}

export const connectClient = (
  url: string,
  identity: TestIdentity,
  options: {
    readonly realm?: string;
    readonly reconnect?: boolean;
    readonly backoff?: BackoffPolicy;
    /** For a server with raised limits: the client may send as fast as it allows. */
    readonly framePacing?: { readonly ratePerSecond: number; readonly burst: number };
  } = {},
): TestClient => {
  const queue = eventQueue();
  const deps = {
    url,
    ...(options.realm ? { realm: options.realm } : {}),
    openSocket: (address: string) => new WebSocket(address) as unknown as SignalingSocket,
    answerChallenge: (challenge: Parameters<IdentityService['signSignalingChallenge']>[0]) =>
      identity.service.signSignalingChallenge(challenge),
    onEvent: (event: SignalingEvent) => queue.push(event),
    ...(options.framePacing ? { framePacing: options.framePacing } : {}),
  };
  const reconnecting = options.reconnect
    ? connectReconnectingSignaling({
        ...deps,
        timers: {
          setTimeout: (callback, ms) => setTimeout(callback, ms),
          clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
        },
        // Half of each backoff window: a chosen backoff is the wait a test relies on, never a lucky short one.
        random: options.backoff ? () => 0.5 : Math.random,
        backoff: options.backoff ?? { baseMs: 50, maxMs: 300 },
      })
    : null;
  const client: SignalingClient = reconnecting ?? connectSignaling(deps);
  return {
    client,
    ...(reconnecting ? { reconnectNow: () => reconnecting.reconnectNow() } : {}),
    next: (match, timeoutMs) => queue.next(match, timeoutMs),
    all: () => queue.all(),
  };
};

type Event<T extends SignalingEvent['type']> = Extract<SignalingEvent, { type: T }>;
export const isReady = (e: SignalingEvent): e is Event<'state'> =>
  e.type === 'state' && e.state.status === 'ready';
export const isClosed = (e: SignalingEvent): e is Event<'state'> =>
  e.type === 'state' && e.state.status === 'closed';
export const isSignal = (e: SignalingEvent): e is Event<'signal'> => e.type === 'signal';
export const isError = (e: SignalingEvent): e is Event<'error'> => e.type === 'error';
export const isPresence = (e: SignalingEvent): e is Event<'presence'> => e.type === 'presence';
export const isIce = (e: SignalingEvent): e is Event<'ice'> => e.type === 'ice';

/** A raw socket for sending what a well-behaved client never would. */
export const rawSocket = async (url: string) => {
  const socket = new WebSocket(url);
  const frames: Record<string, unknown>[] = [];
  socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const challenge = async () => {
    while (frames.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return frames[0] as { readonly serverId: string; readonly nonce: string };
  };
  return { socket, frames, closed, challenge };
};

/** A raw socket that has registered `identity` in `realm` by answering the challenge itself. */
export const registeredRawSocket = async (url: string, identity: TestIdentity, realm = 'default') => {
  const raw = await rawSocket(url);
  const { serverId, nonce } = await raw.challenge();
  const answer = await identity.service.signSignalingChallenge({ serverId, realm, nonce });
  if (!answer.ok) {
    throw new Error(answer.error.message);
  }
  raw.socket.send(JSON.stringify({ v: 1, type: 'register', realm, ...answer.value }));
  while (!raw.frames.some((frame) => frame.type === 'registered' || frame.type === 'error')) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return raw;
};

/**
 * Signals `payload` to `to` from `sender` until one arrives at `receiver`: for a route that comes back after a
 * reconnect, a heartbeat or a reaping, at a moment the test cannot know.
 */
export const signalUntilReceived = async (
  sender: TestClient,
  to: TestIdentity,
  receiver: TestClient,
  payload = 'are you there?',
): Promise<void> => {
  await expect
    .poll(
      async () => {
        sender.client.sendSignal(to.peerId, payload);
        return (await receiver.next(isSignal, 300).catch(() => null))?.payload;
      },
      { timeout: 10_000 },
    )
    .toBe(payload);
};
