import { describe, expect, it } from 'vitest';
import { buildPreloadEvents, type IpcEventSource } from './build-preload-events';

const fakeIpc = () => {
  const listeners = new Map<string, Set<(event: unknown, data: unknown) => void>>();
  const ipc: IpcEventSource & { emit(channel: string, data: unknown): void; count(): number } = {
    on(channel, listener) {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
    emit(channel, data) {
      listeners.get(channel)?.forEach((listener) => listener({ sender: 'the ipc event' }, data));
    },
    count: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
  };
  return ipc;
};

describe('buildPreloadEvents', () => {
  it('hands the page only the data of host events, until it unsubscribes', () => {
    const ipc = fakeIpc();
    const received: unknown[] = [];
    const unsubscribe = buildPreloadEvents(ipc).subscribe((event) => received.push(event));
    ipc.emit('parley:host-event', { type: 'command', command: 'settings' });
    ipc.emit('some-other-channel', { type: 'command', command: 'new-chat' });
    expect(received).toEqual([{ type: 'command', command: 'settings' }]);
    unsubscribe();
    expect(ipc.count()).toBe(0);
    ipc.emit('parley:host-event', { type: 'command', command: 'settings' });
    expect(received).toHaveLength(1);
  });
});
