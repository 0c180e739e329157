// The simple-peer adapter's guards over a scripted stand-in for a simple-peer instance: what real WebRTC does
// only in rare timings (the integration tests run the real thing: e2e/headless, the browser e2e).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RtcPeerEvents } from './connection-manager';
import { adaptSimplePeer, DISCONNECTED_GRACE_MS, type SimplePeerLike } from './simple-peer-adapter';

const scriptedPeer = () => {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const sent: Uint8Array[] = [];
  const channel = {
    readyState: 'connecting',
    bufferedAmount: 0,
    bufferedAmountLowThreshold: 0,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  };
  const peer = {
    destroyed: false,
    _channel: channel,
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, listener);
      return peer;
    },
    signal: () => undefined,
    send: (bytes: Uint8Array) => void sent.push(bytes),
    destroy() {
      peer.destroyed = true;
    },
  };
  const emit = (event: string, ...args: unknown[]) => listeners.get(event)?.(...args);
  return { peer: peer as unknown as SimplePeerLike, channel, sent, emit };
};

const recordingEvents = () => {
  const closes: (string | null)[] = [];
  const events: RtcPeerEvents = {
    onSignal: () => undefined,
    onConnect: () => undefined,
    onData: () => undefined,
    onClose: (reason) => closes.push(reason),
  };
  return { events, closes };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('simple-peer adapter', () => {
  it('sends as soon as the channel is open, before simple-peer reports connect', () => {
    const { peer, channel, sent, emit } = scriptedPeer();
    const rtc = adaptSimplePeer(peer, recordingEvents().events);
    rtc.send(Uint8Array.of(1));
    expect(sent).toEqual([]);
    // The remote side's hello arrives on an open channel while simple-peer still runs getStats for `connect`.
    channel.readyState = 'open';
    emit('data', Uint8Array.of(9));
    rtc.send(Uint8Array.of(2));
    expect(sent).toEqual([Uint8Array.of(2)]);
    expect(rtc.open).toBe(true);
    rtc.destroy();
    rtc.send(Uint8Array.of(3));
    expect(sent).toEqual([Uint8Array.of(2)]);
    expect(rtc.open).toBe(false);
  });

  it('ends a connection whose ICE stays disconnected, since its close may never fire', () => {
    vi.useFakeTimers();
    const { peer, emit } = scriptedPeer();
    const { events, closes } = recordingEvents();
    adaptSimplePeer(peer, events);
    emit('iceStateChange', 'disconnected');
    vi.advanceTimersByTime(DISCONNECTED_GRACE_MS - 1);
    emit('iceStateChange', 'connected');
    vi.advanceTimersByTime(DISCONNECTED_GRACE_MS);
    expect(closes).toEqual([]);
    emit('iceStateChange', 'disconnected');
    vi.advanceTimersByTime(DISCONNECTED_GRACE_MS);
    expect(closes).toEqual(['connection lost']);
    expect(peer.destroyed).toBe(true);
    // A close that does come later is not reported twice.
    emit('close');
    expect(closes).toEqual(['connection lost']);
  });
});
