// Find in a conversation, in Chromium on a real app store and archive, with the searches held so the test decides
// when each answers (testing/held-searches.ts).
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import type { PeerId } from '../../../shared/identity/peer-id';
import type * as SearchArchive from '../archive/search/search-archive';
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
    expect(app.store.getState().focusedMessage).toEqual({ peer: BOB, id: hello });
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
});
