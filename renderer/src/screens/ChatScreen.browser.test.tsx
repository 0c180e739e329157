// The chat screen in Chromium on a real app store and archive: the unread count outside the app, and the sidebar's
// preview of a disappearing message.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { createVirtualClock } from '../../../shared/testing/virtual-clock';
import { ChatScreen } from './ChatScreen';
import { screenHarness } from './testing/screen-harness';

const BOB = 'b'.repeat(32) as PeerId;

const startApp = screenHarness();

describe('chat screen', () => {
  it('keeps the unread count in the window title and on the badge while search results replace the list', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await app.receive(BOB, 'first');
    await app.render(<ChatScreen />);
    await expect.poll(() => [document.title, app.badges.at(-1)]).toEqual(['(1) Parley', 1]);

    await app.settle(() => app.store.getState().setSearchText('anything'));
    await app.receive(BOB, 'second');
    await expect.poll(() => [document.title, app.badges.at(-1)]).toEqual(['(2) Parley', 2]);
  });

  it('takes a disappearing last message out of the sidebar preview when it expires, before any purge', async () => {
    const app = await startApp();
    const clock = createVirtualClock(Date.now());
    await app.accept(BOB);
    await app.receive(BOB, 'the door code is 4711', clock.now() + 60_000);
    await app.render(<ChatScreen />, { clock });
    const preview = () => app.container.querySelector(`[data-peer="${BOB}"] .preview`)?.textContent;
    await expect.poll(preview).toBe('the door code is 4711');
    await app.settle(() => clock.advance(59_999));
    expect(preview()).toBe('the door code is 4711');
    await app.settle(() => clock.advance(1));
    expect(preview()).toBe('');
  });
});
