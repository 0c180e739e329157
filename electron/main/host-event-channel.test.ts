import { describe, expect, it } from 'vitest';
import type { HostEvent } from '../../shared/host/host-events';
import { createHostEventChannel, type EventTarget } from './host-event-channel';

let nextId = 1;
const fakeTarget = (loading: boolean) => {
  const sent: [string, HostEvent][] = [];
  let onLoad: (() => void) | null = null;
  const target: EventTarget & { finishLoading(): void } = {
    id: nextId++,
    isLoading: () => loading,
    send: (channel, event) => sent.push([channel, event]),
    once: (_event, listener) => (onLoad = listener),
    finishLoading() {
      loading = false;
      onLoad?.();
    },
  };
  return { target, sent };
};

describe('host event channel', () => {
  it('sends to a loaded page at once and brings the window forward', () => {
    const { target, sent } = fakeTarget(false);
    let focused = 0;
    const { emit } = createHostEventChannel({ target: () => target, focus: () => (focused += 1) });
    emit({ type: 'command', command: 'settings' });
    expect(sent).toEqual([['parley:host-event', { type: 'command', command: 'settings' }]]);
    expect(focused).toBe(1);
  });

  it('delivers to the next window when the one it waited for closed while loading', () => {
    const first = fakeTarget(true);
    const second = fakeTarget(true);
    let current: EventTarget | null = first.target;
    const channel = createHostEventChannel({ target: () => current, focus: () => undefined });
    channel.emit({ type: 'open-link', url: 'parley://add/one' });
    // The window closes before its page loads; a new one opens and loads.
    current = second.target;
    channel.deliverPending();
    second.target.finishLoading();
    expect(second.sent.map(([, event]) => event)).toEqual([{ type: 'open-link', url: 'parley://add/one' }]);
    expect(first.sent).toEqual([]);
  });

  it('holds events until the page has loaded, then delivers them in order', () => {
    const { target, sent } = fakeTarget(true);
    const { emit } = createHostEventChannel({ target: () => target, focus: () => undefined });
    emit({ type: 'open-link', url: 'parley://add/one' });
    emit({ type: 'open-link', url: 'parley://add/two' });
    expect(sent).toEqual([]);
    target.finishLoading();
    expect(sent.map(([, event]) => event)).toEqual([
      { type: 'open-link', url: 'parley://add/one' },
      { type: 'open-link', url: 'parley://add/two' },
    ]);
  });

  it('keeps events while there is no window, and delivers them once one has loaded', () => {
    const { target, sent } = fakeTarget(true);
    let window: EventTarget | null = null;
    const channel = createHostEventChannel({ target: () => window, focus: () => undefined });
    channel.emit({ type: 'open-link', url: 'parley://add/at-launch' });
    window = target;
    channel.deliverPending();
    expect(sent).toEqual([]);
    target.finishLoading();
    expect(sent.map(([, event]) => event)).toEqual([{ type: 'open-link', url: 'parley://add/at-launch' }]);
  });
});
