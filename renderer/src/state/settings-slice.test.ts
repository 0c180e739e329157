// Renaming from Settings, over the real host services (in memory) and a messenger that records what it is told:
// the host keeps the name, the app shows it, the messenger announces it; an invalid name or no messenger changes
// nothing anywhere.
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveHostApi } from '../../../shared/host/host-api';
import type { IdentitySummary } from '../../../shared/host/host-contract';
import { createHostDispatcher } from '../../../shared/host/host-dispatcher';
import { createHostServices } from '../../../shared/host/host-services';
import type { IdentityCryptoPort } from '../../../shared/identity/identity-crypto-port';
import type { Message } from '../../../shared/messaging/message-format';
import { createMemoryHostPorts } from '../../../shared/testing/memory-host';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';

const setup = async (options: { readonly online?: boolean; readonly announceFails?: boolean } = {}) => {
  const host = deriveHostApi(
    createHostDispatcher(
      createHostServices(createMemoryHostPorts(webcrypto as unknown as IdentityCryptoPort)),
      { onInternalError: () => undefined },
    ),
  );
  const created = await host.createIdentity({ displayName: 'Alice' });
  if (!created.ok) {
    throw new Error(created.error.message);
  }
  let shown: IdentitySummary = created.value;
  const announced: string[] = [];
  const messenger = {
    changeDisplayName: (displayName: string) => {
      if (options.announceFails) {
        return Promise.reject(new Error('the archive is full'));
      }
      announced.push(displayName);
      return Promise.resolve([{ t: 'profile' }, { t: 'profile' }] as unknown as readonly Message[]);
    },
  };
  let state: SettingsSlice;
  const slice = createSettingsSlice(
    (partial) => {
      state = { ...state, ...partial };
    },
    () => state,
    {
      host,
      setIdentity: (identity) => {
        shown = identity;
      },
      messenger: () => (options.online === false ? null : messenger),
    },
  );
  state = slice;
  return { slice, host, announced, shown: () => shown, original: created.value };
};

describe('renaming from Settings', () => {
  it('renames the identity on the host, shows it, and has the messenger tell the contacts', async () => {
    const { slice, host, announced, shown, original } = await setup();
    expect(await slice.renameIdentity('  Alice Liddell ')).toEqual({
      ok: true,
      displayName: 'Alice Liddell',
      announced: 2,
    });
    expect(shown()).toEqual({ ...original, displayName: 'Alice Liddell' });
    expect(await host.getIdentity({})).toEqual({ ok: true, value: shown() });
    expect(announced).toEqual(['Alice Liddell']);
  });

  it('refuses a blank or overlong name before asking anyone', async () => {
    const { slice, host, announced, shown, original } = await setup();
    for (const name of ['', '   ', 'x'.repeat(65)]) {
      expect(await slice.renameIdentity(name)).toEqual({
        ok: false,
        error: 'Enter a name of 1 to 64 characters.',
      });
    }
    expect(shown()).toBe(original);
    expect(await host.getIdentity({})).toEqual({ ok: true, value: original });
    expect(announced).toEqual([]);
  });

  it('changes nothing while the messenger is not running, since the contacts could not be told', async () => {
    const { slice, host, original } = await setup({ online: false });
    expect(await slice.renameIdentity('Alice Liddell')).toMatchObject({ ok: false, error: /not online/ });
    expect(await host.getIdentity({})).toEqual({ ok: true, value: original });
  });

  it('says so when the name changed but the contacts could not be told', async () => {
    const { slice, shown } = await setup({ announceFails: true });
    const outcome = await slice.renameIdentity('Alice Liddell');
    expect(outcome).toMatchObject({ ok: false, error: /changed here.*could not be told.*archive is full/ });
    expect(shown().displayName).toBe('Alice Liddell');
  });
});
