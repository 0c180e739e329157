// Search results in the sidebar, in Chromium on a real app store and archive, with the searches held so the test
// decides when each answers (testing/held-searches.ts).
import { describe, expect, it, vi } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { MessageId } from '../../../shared/messaging/message-format';
import { createVirtualClock } from '../../../shared/testing/virtual-clock';
import { purgeExpired } from '../archive/retention';
import type * as SearchArchive from '../archive/search/search-archive';
import { SearchResults } from './SearchResults';
import { screenHarness, type ScreenHarness } from './testing/screen-harness';

const held = await vi.hoisted(async () => (await import('./testing/held-searches')).heldSearches());
vi.mock('../archive/search/search-archive', async (importOriginal) => {
  const real = await importOriginal<typeof SearchArchive>();
  return { ...real, searchArchive: held.hold(real.searchArchive) };
});

const BOB = 'b'.repeat(32) as PeerId;
const MINUTE = 60_000;

const startApp = screenHarness();

const shown = (container: HTMLElement) => ({
  status: container.querySelector('[data-testid="search-status"]')?.textContent,
  results: [...container.querySelectorAll('[data-testid="search-results"] .snippet')].map(
    (snippet) => snippet.textContent,
  ),
});

/** Lets the next search asked for run, once it is asked (outside act: the screen asks after its own updates). */
const answerNext = async (app: ScreenHarness) => {
  const search = await held.next();
  await app.settle(() => search.finish());
};

describe('search results', () => {
  it('keeps the latest search’s results when an earlier search answers after it', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await app.receive(BOB, 'alpha one');
    await app.receive(BOB, 'beta two');
    await app.render(<SearchResults text="alpha" />);
    const alpha = await held.next();
    await app.render(<SearchResults text="beta" />);
    const beta = await held.next();

    await app.settle(() => beta.finish());
    expect(shown(app.container)).toEqual({ status: '1 message', results: ['beta two'] });
    await app.settle(() => alpha.finish());
    expect(shown(app.container)).toEqual({ status: '1 message', results: ['beta two'] });
  });

  it('says so when the archive cannot be searched', async () => {
    const app = await startApp();
    await app.render(<SearchResults text="alpha" />);
    const search = await held.next();
    await app.settle(() => search.fail(new Error('the archive is closed')));
    expect(shown(app.container)).toEqual({
      status: 'The archive could not be searched: Error: the archive is closed',
      results: [],
    });
  });

  it('drops a result once its message is deleted', async () => {
    const app = await startApp();
    await app.accept(BOB);
    const password = await app.receive(BOB, 'alpha password hunter2');
    await app.receive(BOB, 'alpha lunch');
    await app.render(<SearchResults text="alpha" />);
    await answerNext(app);
    expect(shown(app.container)).toEqual({
      status: '2 messages',
      results: ['alpha lunch', 'alpha password hunter2'],
    });

    await app.settle(() => app.store.getState().deleteForMe([password]));
    await expect.poll(() => shown(app.container)).toEqual({ status: '1 message', results: ['alpha lunch'] });
  });

  it('drops a result when its disappearing message expires, before the archive purges it', async () => {
    const app = await startApp();
    const clock = createVirtualClock(Date.now());
    await app.accept(BOB);
    await app.receive(BOB, 'alpha secret', clock.now() + MINUTE);
    await app.receive(BOB, 'alpha kept');
    await app.render(<SearchResults text="alpha" clock={clock} />);
    await answerNext(app);
    expect(shown(app.container)).toEqual({ status: '2 messages', results: ['alpha kept', 'alpha secret'] });

    await app.settle(() => clock.advance(MINUTE - 1));
    expect(shown(app.container).results).toEqual(['alpha kept', 'alpha secret']);
    await app.settle(() => clock.advance(1));
    expect(shown(app.container)).toEqual({ status: '1 message', results: ['alpha kept'] });
  });

  it('drops a result when the archive purges its expired message', async () => {
    const app = await startApp();
    await app.accept(BOB);
    const expiresAt = Date.now() + MINUTE;
    await app.receive(BOB, 'alpha secret', expiresAt);
    await app.receive(BOB, 'alpha kept');
    // The screen's clock stands still: only the purge can take the result away.
    const clock = createVirtualClock(Date.now());
    await app.render(<SearchResults text="alpha" clock={clock} />);
    await answerNext(app);
    expect(shown(app.container).results).toEqual(['alpha kept', 'alpha secret']);

    await app.settle(async () => {
      await purgeExpired(app.archive, { now: expiresAt });
    });
    await expect.poll(() => shown(app.container)).toEqual({ status: '1 message', results: ['alpha kept'] });
  });

  it('searches again to fill a full page when one of its messages is deleted', async () => {
    const app = await startApp();
    await app.accept(BOB);
    const ids: MessageId[] = [];
    for (let n = 0; n <= 50; n += 1) {
      ids.push(await app.receive(BOB, `alpha ${String(n)}`));
    }
    await app.render(<SearchResults text="alpha" />);
    await answerNext(app);
    expect(shown(app.container)).toMatchObject({ status: '50+ messages' });
    expect(shown(app.container).results).toHaveLength(50);
    expect(shown(app.container).results).not.toContain('alpha 0');

    await app.settle(() => app.store.getState().deleteForMe(ids.slice(-1)));
    await expect.poll(() => shown(app.container).status).toBe('49+ messages');
    expect(shown(app.container).results).not.toContain('alpha 50');
    await answerNext(app);
    expect(shown(app.container).status).toBe('50+ messages');
    expect(shown(app.container).results).toContain('alpha 0');
    expect(shown(app.container).results).not.toContain('alpha 50');
  });
});
