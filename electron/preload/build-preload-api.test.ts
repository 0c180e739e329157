import { describe, expect, it } from 'vitest';
import { HOST_METHODS, hostChannel } from '../../shared/host/host-contract';
import { buildPreloadApi } from './build-preload-api';

const record = () => {
  const calls: [string, unknown][] = [];
  const api = buildPreloadApi((channel, args) => {
    calls.push([channel, args]);
    return Promise.resolve({ ok: true, value: channel });
  });
  return { api, calls };
};

describe('buildPreloadApi', () => {
  it('has exactly one method per host contract entry', () => {
    const { api } = record();
    expect(Object.keys(api).sort()).toEqual([...HOST_METHODS].sort());
    for (const method of HOST_METHODS) {
      expect(typeof api[method]).toBe('function');
    }
  });

  it('sends each method on its own channel with the arguments unchanged', async () => {
    const { api, calls } = record();
    for (const method of HOST_METHODS) {
      const args = { probe: method };
      const call = api[method] as (args: unknown) => Promise<unknown>;
      expect(await call(args)).toEqual({ ok: true, value: hostChannel(method) });
      expect(calls.at(-1)).toEqual([hostChannel(method), args]);
    }
    expect(calls).toHaveLength(HOST_METHODS.length);
  });

  it('is frozen, so the page cannot swap a method', () => {
    const { api } = record();
    expect(Object.isFrozen(api)).toBe(true);
    expect(() => {
      (api as unknown as Record<string, unknown>)['getIdentity'] = () => undefined;
    }).toThrow(TypeError);
  });

  it('exposes nothing but the contract methods', () => {
    const { api } = record();
    expect(Object.getOwnPropertyNames(api).sort()).toEqual([...HOST_METHODS].sort());
    expect(Object.getOwnPropertySymbols(api)).toEqual([]);
  });
});
