import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocumentStore } from '../../shared/ports/document-store';
import { createWindowStateKeeper, type TrackedWindow } from './window-state-keeper';

const fakeWindow = () => {
  const listeners = new Map<string, (() => void)[]>();
  const state = { bounds: { x: 10, y: 20, width: 800, height: 600 }, maximized: false };
  const window = {
    on(event: string, listener: () => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return window;
    },
    getNormalBounds: () => state.bounds,
    isMaximized: () => state.maximized,
  };
  const emit = (event: string) => listeners.get(event)?.forEach((listener) => listener());
  return { window: window as unknown as TrackedWindow, state, emit };
};

const memoryStore = () => {
  const writes: unknown[] = [];
  const store: DocumentStore = {
    read: () => Promise.resolve(writes.at(-1) ?? null),
    write: (value) => {
      writes.push(value);
      return Promise.resolve();
    },
  };
  return { store, writes };
};

describe('createWindowStateKeeper', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('saves once after a burst of moves and resizes has settled', async () => {
    const { store, writes } = memoryStore();
    const { window, state, emit } = fakeWindow();
    createWindowStateKeeper({ store, onError: () => undefined, delayMs: 500 }).track(window);
    emit('move');
    emit('resize');
    state.bounds = { x: 50, y: 60, width: 900, height: 650 };
    emit('move');
    await vi.advanceTimersByTimeAsync(499);
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual([{ x: 50, y: 60, width: 900, height: 650, maximized: false }]);
  });

  it('records maximizing along with the normal bounds', async () => {
    const { store, writes } = memoryStore();
    const { window, state, emit } = fakeWindow();
    createWindowStateKeeper({ store, onError: () => undefined }).track(window);
    state.maximized = true;
    emit('maximize');
    await vi.runAllTimersAsync();
    expect(writes).toEqual([{ x: 10, y: 20, width: 800, height: 600, maximized: true }]);
  });

  it('saves at once on close, drops the pending debounce, and lets the app wait for the write', async () => {
    const { store, writes } = memoryStore();
    const { window, emit } = fakeWindow();
    const keeper = createWindowStateKeeper({ store, onError: () => undefined });
    keeper.track(window);
    emit('resize');
    emit('close');
    await keeper.flush();
    expect(writes).toHaveLength(1);
    await vi.runAllTimersAsync();
    expect(writes).toHaveLength(1);
  });

  it('reports a failed save instead of rejecting', async () => {
    const errors: unknown[] = [];
    const { window, emit } = fakeWindow();
    const store: DocumentStore = {
      read: () => Promise.resolve(null),
      write: () => Promise.reject(new Error('disk full')),
    };
    const keeper = createWindowStateKeeper({ store, onError: (error) => errors.push(error) });
    keeper.track(window);
    emit('close');
    await keeper.flush();
    expect(errors).toEqual([new Error('disk full')]);
  });
});
