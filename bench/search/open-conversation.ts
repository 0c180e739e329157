// Opening a conversation of 100,000 messages in the real browser build: an identity is created through the UI,
// the bench page (same origin) imports the history into that identity's archive through the app's import, and
// the app is opened again. Each sample reloads the app, clicks the contact in the chat list, and counts from the
// click event to the animation frame in which the conversation's newest message is in the DOM and on screen
// (the frame that paints it), both on the page's own clock.
import { expect, type Browser, type Page } from '@playwright/test';
import type {} from '../search-page/main';

declare global {
  interface Window {
    parleyOpenTiming?: Promise<number>;
  }
}

const openApp = async (page: Page, url: string, contact: string): Promise<void> => {
  await page.goto(url);
  await expect(page.getByTestId('conversations').getByRole('button', { name: contact })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByTestId('signaling-status')).toHaveAttribute('data-status', 'ready', {
    timeout: 30_000,
  });
};

/**
 * Sets `window.parleyOpenTiming`: ms from the next click to the frame showing a `.message-text` whose text is
 * `latest`. Page source as a string: the bench runs under tsx, whose helpers would leak into a serialized function.
 */
const armTiming = (page: Page, latest: string) =>
  page.evaluate(`
    window.parleyOpenTiming = new Promise((resolve) => {
      const text = ${JSON.stringify(latest)};
      let clickedAt = null;
      document.addEventListener('click', (event) => { clickedAt = event.timeStamp; }, { capture: true, once: true });
      const frame = () => {
        if (clickedAt !== null) {
          const shown = [...document.querySelectorAll('.message-text')].find((element) => element.textContent === text);
          const box = shown ? shown.getBoundingClientRect() : null;
          if (box && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight) {
            resolve(performance.now() - clickedAt);
            return;
          }
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    true;
  `);

export interface OpenConversationResult {
  readonly importSec: number;
  readonly samplesMs: number[];
}

export const measureOpenConversation = async (
  browser: Browser,
  url: string,
  options: { seed: number; messages: number; samples: number },
): Promise<OpenConversationResult> => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const app = await context.newPage();
    app.on('pageerror', (error) => console.error('app error:', error.message));
    await app.goto(url);
    await app.getByLabel('Your name').fill('Alice');
    await app.getByRole('button', { name: 'Create my identity' }).click();
    await expect(app.getByTestId('signaling-status')).toHaveAttribute('data-status', 'ready', {
      timeout: 30_000,
    });
    const owner = await app.getByTestId('my-peer-id').inputValue();
    await app.close();

    const seeder = await context.newPage();
    seeder.on('pageerror', (error) => console.error('page error:', error.message));
    await seeder.goto(new URL('/search-bench/index.html', url).href);
    const seeded = await seeder.evaluate((request) => window.parleySearchBench.importCorpus(request), {
      dbName: `parley-archive-${owner}`,
      owner,
      seed: options.seed,
      messages: options.messages,
      conversations: 1,
      chunk: 10_000,
    });
    await seeder.close();

    const samplesMs: number[] = [];
    for (let sample = 0; sample < options.samples; sample += 1) {
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error('app error:', error.message));
      // The corpus's first contact is Bob.
      await openApp(page, url, 'Bob');
      await armTiming(page, seeded.latestText);
      await page.getByTestId('conversations').getByRole('button', { name: 'Bob' }).click();
      samplesMs.push(await page.evaluate(() => window.parleyOpenTiming ?? Promise.resolve(Number.NaN)));
      await page.close();
    }
    return { importSec: seeded.importMs / 1000, samplesMs };
  } finally {
    await context.close();
  }
};
