// Reads the machine-readable reports of Vitest and Playwright and prints one closing line for the whole run,
// plus every skipped test (Vitest's and Playwright's) with its reason, so a skip can never pass silently.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

/** One report per Vitest project (they run in different network settings: see scripts/test.mjs). */
export const vitestReport = (project) => `out/test-results/vitest-${project}.json`;
const VITEST_PROJECTS = ['node', 'chromium'];
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

/** Vitest's JSON report gives a status but no reason; these are the statuses its skip counts add up. */
const VITEST_SKIPPED = new Set(['skipped', 'pending', 'todo']);

const vitestSkips = (report, project) =>
  (report?.testResults ?? []).flatMap((file) =>
    file.assertionResults
      .filter((test) => VITEST_SKIPPED.has(test.status))
      .map((test) => {
        const path = [relative(process.cwd(), file.name), ...test.ancestorTitles, test.title];
        return {
          title: `[vitest ${project}] ${path.filter(Boolean).join(' › ')}`,
          reason: test.status === 'todo' ? 'todo' : 'no reason given',
        };
      }),
  );

export const summarize = () => {
  const reports = VITEST_PROJECTS.map((project) => readJson(vitestReport(project)));
  const vitestCount = (key) => reports.reduce((sum, report) => sum + (report?.[key] ?? 0), 0);
  const playwright = readJson(PLAYWRIGHT_REPORT);
  const passed =
    vitestCount('numPassedTests') + (playwright?.stats.expected ?? 0) + (playwright?.stats.flaky ?? 0);
  const failed = vitestCount('numFailedTests') + (playwright?.stats.unexpected ?? 0);
  const skipped =
    vitestCount('numPendingTests') + vitestCount('numTodoTests') + (playwright?.stats.skipped ?? 0);
  const skips = [
    ...VITEST_PROJECTS.flatMap((project, index) => vitestSkips(reports[index], project)),
    ...playwrightSkips(playwright?.suites),
  ];
  for (const skip of skips) {
    console.log(`skipped: ${skip.title}: ${skip.reason}`);
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
};
