// Reads the machine-readable reports of Vitest and Playwright and prints one closing line for the whole run,
// plus every skipped journey with its reason, so a skip can never pass silently.
import { existsSync, readFileSync } from 'node:fs';

export const VITEST_REPORT = 'out/test-results/vitest.json';
export const PLAYWRIGHT_REPORT = 'out/test-results/playwright.json';

const readJson = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null);

const playwrightSkips = (suites, titles = []) =>
  (suites ?? []).flatMap((suite) => [
    ...playwrightSkips(suite.suites, [...titles, suite.title]),
    ...(suite.specs ?? []).flatMap((spec) =>
      spec.tests
        .filter((test) => test.status === 'skipped')
        .map((test) => ({
          title: `[${test.projectName}] ${[...titles, spec.title].filter(Boolean).join(' › ')}`,
          reason: test.annotations.find((a) => a.type === 'skip')?.description ?? 'no reason given',
        })),
    ),
  ]);

export const summarize = () => {
  const vitest = readJson(VITEST_REPORT);
  const playwright = readJson(PLAYWRIGHT_REPORT);
  const passed =
    (vitest?.numPassedTests ?? 0) + (playwright?.stats.expected ?? 0) + (playwright?.stats.flaky ?? 0);
  const failed = (vitest?.numFailedTests ?? 0) + (playwright?.stats.unexpected ?? 0);
  const skipped =
    (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats.skipped ?? 0);
  for (const skip of playwrightSkips(playwright?.suites)) {
    console.log(`skipped: ${skip.title}: ${skip.reason}`);
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
};
