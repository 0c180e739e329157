import { webcrypto } from 'node:crypto';
import type { IdentityCryptoPort } from '../../../shared/identity/identity-crypto-port';
import { describe, expect, it } from 'vitest';
import { deriveHostApi } from '../../../shared/host/host-api';
import type { HostApi } from '../../../shared/host/host-contract';
import { ok } from '../../../shared/result';
import { createHostDispatcher } from '../../../shared/host/host-dispatcher';
import { createHostServices } from '../../../shared/host/host-services';
import type { PeerId } from '../../../shared/identity/peer-id';
import { createMemoryHostPorts } from '../../../shared/testing/memory-host';
import type { NetworkEvent, Networking } from '../p2p/networking';
import { createAppStore } from './app-store';

const BOB = 'b'.repeat(32) as PeerId;

/** The real host services in memory, and a network that records what the store asks of it. */
const setup = (options: { readonly lockedVault?: boolean } = {}) => {
  const realHost = deriveHostApi(
    createHostDispatcher(
      createHostServices(createMemoryHostPorts(webcrypto as unknown as IdentityCryptoPort)),
      {
        onInternalError: () => undefined,
      },
    ),
  );
  // A locked vault is reported as a passphrase-protected desktop reports it; unlocking stays real.
  const host: HostApi = options.lockedVault
    ? {
        ...realHost,
        getVaultStatus: () => Promise.resolve(ok({ state: 'locked', protection: 'passphrase' } as const)),
      }
    : realHost;
  const sent: { peerId: PeerId; text: string }[] = [];
  const dialed: PeerId[] = [];
  let emit: (event: NetworkEvent) => void = () => undefined;
  let connected = false;
  const store = createAppStore({
    host,
    startNetworking: (_url, onEvent): Networking => {
      emit = onEvent;
      return {
        dial: (peerId) => dialed.push(peerId),
        send: (peerId, text) => Promise.resolve(connected && sent.push({ peerId, text }) > 0),
        stop: () => undefined,
      };
    },
    newMessageId: () => `m${sent.length + 1}`,
    now: () => 1_700_000_000_000,
  });
  return {
    store,
    sent,
    dialed,
    emit: (event: NetworkEvent) => emit(event),
    connect: () => {
      connected = true;
    },
  };
};

describe('app store', () => {
  it('starts in onboarding, and goes online once an identity is created', async () => {
    const { store } = setup();
    await store.getState().load();
    expect(store.getState().phase).toBe('onboarding');
    await store.getState().createIdentity('Alice');
    expect(store.getState().phase).toBe('ready');
    expect(store.getState().identity?.displayName).toBe('Alice');
  });

  it('dials a contact, sends only once connected, and shows both directions', async () => {
    const { store, sent, dialed, emit, connect } = setup();
    await store.getState().createIdentity('Alice');
    store.getState().openConversation(BOB);
    expect(dialed).toEqual([BOB]);
    expect(await store.getState().sendText('too early')).toBe(false);

    connect();
    emit({ type: 'link', peerId: BOB, state: 'connected' });
    expect(await store.getState().sendText('hello')).toBe(true);
    expect(JSON.parse(sent[0]?.text ?? '')).toMatchObject({ v: 0, type: 'text', text: 'hello' });

    emit({
      type: 'data',
      peerId: BOB,
      text: JSON.stringify({ v: 0, type: 'text', id: 'x1', sentAt: 5, text: 'hi' }),
    });
    emit({
      type: 'data',
      peerId: BOB,
      text: '{"v":0,"type":"text","id":"x2","sentAt":5,"text":"hi","evil":1}',
    });
    emit({ type: 'data', peerId: BOB, text: 'not json' });
    expect(store.getState().contacts[BOB]?.messages.map((m) => [m.direction, m.text])).toEqual([
      ['out', 'hello'],
      ['in', 'hi'],
    ]);
  });

  it('asks to unlock a passphrase-protected identity at start-up and stays locked on a failed unlock', async () => {
    const { store } = setup({ lockedVault: true });
    await store.getState().load();
    expect(store.getState().keyProtection).toBe('passphrase');
    expect(store.getState().phase).toBe('locked');
    await store.getState().unlock('wrong passphrase');
    expect(store.getState().phase).toBe('locked');
    expect(store.getState().error).toBeTruthy();
  });

  it('refuses to open a conversation with itself', async () => {
    const { store, dialed } = setup();
    await store.getState().createIdentity('Alice');
    const self = store.getState().identity?.peerId;
    if (!self) {
      throw new Error('no identity');
    }
    store.getState().openConversation(self);
    expect(dialed).toEqual([]);
    expect(store.getState().error).toMatch(/your own peer ID/);
  });
});
