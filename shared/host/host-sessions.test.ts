// Two hosts built from the real services (identity vault, session service) establish an end-to-end session
// purely through the host contract, as two renderers relaying bytes over a data channel would.
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IdentityCryptoPort } from '../identity/identity-crypto-port';
import type { PeerId } from '../identity/peer-id';
import { createMemoryHostPorts } from '../testing/memory-host';
import { deriveHostApi } from './host-api';
import type { HostApi } from './host-contract';
import { createHostDispatcher } from './host-dispatcher';
import { createHostServices } from './host-services';

const crypto = webcrypto as unknown as IdentityCryptoPort;

const newHost = async (name: string): Promise<{ api: HostApi; peerId: PeerId }> => {
  const api = deriveHostApi(
    createHostDispatcher(createHostServices(createMemoryHostPorts(crypto)), {
      onInternalError: () => undefined,
    }),
  );
  const created = await api.createIdentity({ displayName: name });
  if (!created.ok) {
    throw new Error(created.error.message);
  }
  return { api, peerId: created.value.peerId };
};

describe('sessions through the host contract', () => {
  it('runs the handshake from relayed bytes and carries sealed records both ways', async () => {
    const [alice, bob] = await Promise.all([newHost('Alice'), newHost('Bob')]);
    const hello = await alice.api.sessionBegin({ peerId: bob.peerId });
    if (!hello.ok) {
      throw new Error(hello.error.message);
    }
    const reply = await bob.api.sessionHandshake({ peerId: alice.peerId, message: hello.value.message });
    expect(reply).toMatchObject({ ok: true, value: { established: false } });
    const finish =
      reply.ok && reply.value.reply
        ? await alice.api.sessionHandshake({ peerId: bob.peerId, message: reply.value.reply })
        : null;
    expect(finish).toMatchObject({ ok: true, value: { established: true } });
    const done =
      finish?.ok && finish.value.reply
        ? await bob.api.sessionHandshake({ peerId: alice.peerId, message: finish.value.reply })
        : null;
    expect(done).toEqual({ ok: true, value: { reply: null, established: true } });

    const plaintext = new TextEncoder().encode('only Bob can read this');
    const sealed = await alice.api.sessionSeal({ peerId: bob.peerId, conversationId: 'direct', plaintext });
    if (!sealed.ok) {
      throw new Error(sealed.error.message);
    }
    expect(Buffer.from(sealed.value.record).includes(Buffer.from('only Bob'))).toBe(false);
    expect(await bob.api.sessionOpen({ peerId: alice.peerId, record: sealed.value.record })).toEqual({
      ok: true,
      value: { conversationId: 'direct', plaintext },
    });
    expect(await bob.api.sessionOpen({ peerId: alice.peerId, record: sealed.value.record })).toMatchObject({
      ok: false,
      error: { code: 'SESSION_REPLAY' },
    });
  });

  it('validates session arguments at the boundary', async () => {
    const { api } = await newHost('Carol');
    const call = api.sessionOpen as (args: unknown) => Promise<unknown>;
    expect(await call({ peerId: 'nobody', record: new Uint8Array(1) })).toMatchObject({
      ok: false,
      error: { code: 'HOST_INVALID_ARGUMENTS' },
    });
    expect(await call({ peerId: 'a'.repeat(32), record: 'not bytes' })).toMatchObject({
      ok: false,
      error: { code: 'HOST_INVALID_ARGUMENTS' },
    });
  });
});
