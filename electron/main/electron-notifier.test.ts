import { describe, expect, it } from 'vitest';
import type { HostEvent } from '../../shared/host/host-events';
import type { PeerId } from '../../shared/identity/peer-id';
import { createElectronNotifier, type NotificationClass } from './electron-notifier';

const fakeNotificationClass = (supported: boolean) => {
  const shown: { title?: string; body?: string }[] = [];
  const clickers: (() => void)[] = [];
  const Fake = class {
    static isSupported = () => supported;
    constructor(private readonly options: { title?: string; body?: string }) {}
    show() {
      shown.push(this.options);
    }
    on(_event: 'click', listener: () => void) {
      clickers.push(listener);
      return this;
    }
  } satisfies NotificationClass;
  return { Fake, shown, click: () => clickers.forEach((listener) => listener()) };
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

  it('reports false where the platform has no notifications', async () => {
    const { Fake, shown } = fakeNotificationClass(false);
    expect(await createElectronNotifier(Fake, () => undefined).show({ title: 'Ada', body: 'hello' })).toBe(
      false,
    );
    expect(shown).toEqual([]);
  });
});
