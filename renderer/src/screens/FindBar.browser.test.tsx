// Find in a conversation, in Chromium on a real app store and archive, with the searches held so the test decides
// when each answers (testing/held-searches.ts).
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { PeerId } from '../../../shared/identity/peer-id';
import type * as SearchArchive from '../archive/search/search-archive';
import { createVirtualClock } from '../../../shared/testing/virtual-clock';
import { ChatScreen } from './ChatScreen';
import { screenHarness } from './testing/screen-harness';

const held = await vi.hoisted(async () => (await import('./testing/held-searches')).heldSearches());
vi.mock('../archive/search/search-archive', async (importOriginal) => {
  const real = await importOriginal<typeof SearchArchive>();
  return { ...real, searchArchive: held.hold(real.searchArchive) };
});

const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;

const startApp = screenHarness();

/** Bob's conversation open, with two messages in it, and the find bar open. */
const findingInBobsConversation = async () => {
  const app = await startApp();
  await app.accept(BOB);
  await app.accept(CAROL);
  const hello = await app.receive(BOB, 'hello there');
  const help = await app.receive(BOB, 'help me');
  await app.render(<ChatScreen />);
  await app.settle(() => {
    app.store.getState().openConversation(BOB);
    app.store.getState().setFindOpen(true);
  });
  const find = page.getByRole('textbox', { name: 'Find in this conversation' });
  return { app, find, hello, help };
};

const focusedId = (container: HTMLElement) =>
  container.querySelector<HTMLElement>('.message[data-focused]')?.dataset.id;

describe('find bar', () => {
  it('stays on the latest search’s match when an earlier search answers after it', async () => {
    const { app, find, hello } = await findingInBobsConversation();
    await userEvent.fill(find, 'help');
    const first = await held.next();
    await userEvent.fill(find, 'hello');
    const second = await held.next();

    await app.settle(() => second.finish());
    await expect.poll(() => focusedId(app.container)).toBe(hello);
    await app.settle(() => first.finish());
    expect(app.store.getState().focusedMessage).toMatchObject({ peer: BOB, id: hello });
    expect(focusedId(app.container)).toBe(hello);
    expect(page.getByTestId('find-count').element().textContent).toBe('1 of 1');
  });

  it('does not bring back a conversation left while its search ran', async () => {
    const { app, find } = await findingInBobsConversation();
    await userEvent.fill(find, 'hello');
    const search = await held.next();
    await app.settle(() => app.store.getState().openConversation(CAROL));
    await app.settle(() => search.finish());
    expect(app.store.getState()).toMatchObject({ activePeerId: CAROL, focusedMessage: null });
  });

  it('does not jump to a match found after Escape closed the bar', async () => {
    const { app, find } = await findingInBobsConversation();
    await userEvent.fill(find, 'hello');
    const search = await held.next();
    await userEvent.keyboard('{Escape}');
    await expect.poll(() => app.store.getState().findOpen).toBe(false);
    await app.settle(() => search.finish());
    expect(app.store.getState().focusedMessage).toBeNull();
  });

  it('says so when the conversation cannot be searched', async () => {
    const { app, find } = await findingInBobsConversation();
    await userEvent.fill(find, 'hello');
    const search = await held.next();
    await app.settle(() => search.fail(new Error('the archive is closed')));
    const count = page.getByTestId('find-count').element();
    expect([count.textContent, count.getAttribute('title')]).toEqual([
      'Search failed',
      'Error: the archive is closed',
    ]);
  });

  it('drops a disappearing message from the conversation and from the matches when it expires, before any purge', async () => {
    const app = await startApp();
    const clock = createVirtualClock(Date.now());
    const MINUTE = 60_000;
    await app.accept(BOB);
    const kept = await app.receive(BOB, 'alpha kept');
    const middle = await app.receive(BOB, 'alpha middle');
    const secret = await app.receive(BOB, 'alpha secret', clock.now() + MINUTE);
    await app.render(<ChatScreen />, { clock });
    await app.settle(() => {
      app.store.getState().openConversation(BOB);
      app.store.getState().setFindOpen(true);
    });
    const shownIds = () =>
      [...app.container.querySelectorAll<HTMLElement>('.message[data-id]')].map((row) => row.dataset.id);
    await expect.poll(shownIds).toEqual([kept, middle, secret]);
    const find = page.getByRole('textbox', { name: 'Find in this conversation' });
    await userEvent.fill(find, 'alpha');
    await app.settle(() => held.next().then((search) => search.finish()));
    const count = () => page.getByTestId('find-count').element().textContent;
    // The newest match first: the one about to disappear.
    await expect.poll(() => [count(), focusedId(app.container)]).toEqual(['1 of 3', secret]);

    await app.settle(() => clock.advance(MINUTE - 1));
    expect([shownIds(), count()]).toEqual([[kept, middle, secret], '1 of 3']);
    await app.settle(() => clock.advance(1));
    // The archive still holds it (nothing purged it): only the clock took it out of view, and the bar moved on
    // to the next older match.
    expect(await app.archive.messages.get(secret)).toBeDefined();
    expect(shownIds()).toEqual([kept, middle]);
    await expect.poll(() => [count(), focusedId(app.container)]).toEqual(['1 of 2', middle]);
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => [count(), focusedId(app.container)]).toEqual(['2 of 2', kept]);
  });
});
