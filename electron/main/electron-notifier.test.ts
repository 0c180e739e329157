import { describe, expect, it } from 'vitest';
import { createElectronNotifier, type NotificationClass } from './electron-notifier';

const fakeNotificationClass = (supported: boolean) => {
  const shown: { title?: string; body?: string }[] = [];
  const Fake = class {
    static isSupported = () => supported;
    constructor(private readonly options: { title?: string; body?: string }) {}
    show() {
      shown.push(this.options);
    }
  } satisfies NotificationClass;
  return { Fake, shown };
};

describe('createElectronNotifier', () => {
  it('shows the notification and says so', async () => {
    const { Fake, shown } = fakeNotificationClass(true);
    expect(await createElectronNotifier(Fake).show({ title: 'Ada', body: 'hello' })).toBe(true);
    expect(shown).toEqual([{ title: 'Ada', body: 'hello' }]);
  });

  it('reports false where the platform has no notifications', async () => {
    const { Fake, shown } = fakeNotificationClass(false);
    expect(await createElectronNotifier(Fake).show({ title: 'Ada', body: 'hello' })).toBe(false);
    expect(shown).toEqual([]);
  });
});
