// Search results in the sidebar, in Chromium on a real app store and archive, with the searches held so the test
// decides when each answers (testing/held-searches.ts).
import { describe, expect, it, vi } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import type * as SearchArchive from '../archive/search/search-archive';
import { SearchResults } from './SearchResults';
import { screenHarness } from './testing/screen-harness';

const held = await vi.hoisted(async () => (await import('./testing/held-searches')).heldSearches());
vi.mock('../archive/search/search-archive', async (importOriginal) => {
  const real = await importOriginal<typeof SearchArchive>();
  return { ...real, searchArchive: held.hold(real.searchArchive) };
});

const BOB = 'b'.repeat(32) as PeerId;

const startApp = screenHarness();

const shown = (container: HTMLElement) => ({
  status: container.querySelector('[data-testid="search-status"]')?.textContent,
  results: [...container.querySelectorAll('[data-testid="search-results"] .snippet')].map(
    (snippet) => snippet.textContent,
  ),
});

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
    expect(shown(app.container)).toEqual({ status: '1 messages', results: ['beta two'] });
    await app.settle(() => alpha.finish());
    expect(shown(app.container)).toEqual({ status: '1 messages', results: ['beta two'] });
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
});
