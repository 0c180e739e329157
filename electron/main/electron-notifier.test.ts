import { describe, expect, it } from 'vitest';
import type { HostEvent } from '../../shared/host/host-events';
import type { PeerId } from '../../shared/identity/peer-id';
import { createVirtualClock } from '../../shared/testing/virtual-clock';
import { createElectronNotifier, type NotificationClass } from './electron-notifier';

const fakeNotificationClass = (supported: boolean) => {
  const shown: { title?: string; body?: string }[] = [];
  const closed: { title?: string; body?: string }[] = [];
  const listeners: { event: string; listener: () => void }[] = [];
  const Fake = class {
    static isSupported = () => supported;
    constructor(private readonly options: { title?: string; body?: string }) {}
    show() {
      shown.push(this.options);
    }
    close() {
      closed.push(this.options);
    }
    on(event: 'click' | 'close' | 'failed', listener: () => void) {
      listeners.push({ event, listener });
      return this;
    }
  } satisfies NotificationClass;
  const fire = (event: string) =>
    listeners.filter((entry) => entry.event === event).forEach((entry) => entry.listener());
  return { Fake, shown, closed, click: () => fire('click'), close: () => fire('close') };
};

const BOB = 'b'.repeat(32) as PeerId;

describe('createElectronNotifier', () => {
  it('shows the notification, and a click on one about a conversation asks to open it', async () => {
    const { Fake, shown, click } = fakeNotificationClass(true);
    const events: HostEvent[] = [];
    const notifier = createElectronNotifier(Fake, (event) => events.push(event));
    expect(await notifier.show({ title: 'Bob', body: 'hello', peerId: BOB })).toBe(true);
    expect(shown).toEqual([{ title: 'Bob', body: 'hello' }]);
    click();
    expect(events).toEqual([{ type: 'open-conversation', peerId: BOB }]);
  });

  it('holds each shown notification until it is clicked or closed, so its click is not collected', async () => {
    const { Fake, click, close } = fakeNotificationClass(true);
    const notifier = createElectronNotifier(Fake, () => undefined);
    await notifier.show({ title: 'Bob', body: 'one', peerId: BOB });
    expect(notifier.held).toBe(1);
    click();
    expect(notifier.held).toBe(0);
    await notifier.show({ title: 'Bob', body: 'two' });
    close();
    expect(notifier.held).toBe(0);
    for (let n = 0; n < 150; n += 1) {
      await notifier.show({ title: 'Bob', body: `message ${n}` });
    }
    expect(notifier.held).toBe(100);
  });

  it('reports false where the platform has no notifications', async () => {
    const { Fake, shown } = fakeNotificationClass(false);
    expect(await createElectronNotifier(Fake, () => undefined).show({ title: 'Ada', body: 'hello' })).toBe(
      false,
    );
    expect(shown).toEqual([]);
  });

  it('takes a disappearing message’s notification down when it expires, and shows none once it has', async () => {
    const { Fake, shown, closed } = fakeNotificationClass(true);
    const clock = createVirtualClock(1_000_000);
    const notifier = createElectronNotifier(Fake, () => undefined, clock);
    const expiresAt = clock.now() + 30_000;
    expect(await notifier.show({ title: 'Bob', body: 'gone soon', peerId: BOB, expiresAt })).toBe(true);
    await clock.advance(29_999);
    expect(closed).toEqual([]);
    await clock.advance(1);
    expect(closed).toEqual([{ title: 'Bob', body: 'gone soon' }]);

    expect(await notifier.show({ title: 'Bob', body: 'already gone', expiresAt: clock.now() })).toBe(false);
    expect(shown.map((options) => options.body)).toEqual(['gone soon']);
  });

  it('waits out an expiry beyond the longest timer', async () => {
    const { Fake, closed } = fakeNotificationClass(true);
    const clock = createVirtualClock(0);
    const notifier = createElectronNotifier(Fake, () => undefined, clock);
    const fourWeeks = 28 * 24 * 3600 * 1000;
    await notifier.show({ title: 'Bob', body: 'in four weeks', expiresAt: fourWeeks });
    await clock.advance(fourWeeks - 1);
    expect(closed).toEqual([]);
    await clock.advance(1);
    expect(closed).toHaveLength(1);
  });

  it('still takes the notification down after its popup closed into the notification centre', async () => {
    const { Fake, closed, close } = fakeNotificationClass(true);
    const clock = createVirtualClock(0);
    const notifier = createElectronNotifier(Fake, () => undefined, clock);
    await notifier.show({ title: 'Bob', body: 'gone soon', expiresAt: 30_000 });
    // Windows and libnotify report a popup timing out into the centre as 'close'.
    close();
    expect(notifier.held).toBe(0);
    await clock.advance(30_000);
    expect(closed).toHaveLength(1);
    expect(notifier.expiring).toBe(0);
  });

  it('keeps at most 100 notifications waiting for their expiry, and none once clicked', async () => {
    const { Fake, click } = fakeNotificationClass(true);
    const clock = createVirtualClock(0);
    const notifier = createElectronNotifier(Fake, () => undefined, clock);
    for (let n = 0; n < 300; n += 1) {
      // Dated as far ahead as a message may be.
      await notifier.show({ title: 'Bob', body: `message ${n}`, expiresAt: 8_640_000_000_000_000 });
    }
    expect(notifier.expiring).toBe(100);
    click();
    expect(notifier.expiring).toBe(0);
  });
});
