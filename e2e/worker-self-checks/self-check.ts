// The report of a self-check run inside a browser Worker: named checks that passed or failed (with the reason),
// plus artifacts the Playwright test examines outside the browser.
export interface SelfCheckReport {
  readonly passed: string[];
  readonly failed: { readonly name: string; readonly reason: string }[];
  readonly artifacts: Record<string, string>;
}

export const SELF_CHECK_SUITES = ['session', 'identity'] as const;
export type SelfCheckSuite = (typeof SELF_CHECK_SUITES)[number];

/** The report of a suite that stopped outside its checks (or a Worker that never ran it): one failed check. */
export const stoppedReport = (suite: SelfCheckSuite, error: unknown): SelfCheckReport => ({
  passed: [],
  failed: [
    {
      name: `the ${suite} suite ran to its end`,
      reason: error instanceof Error ? (error.stack ?? error.message) : String(error),
    },
  ],
  artifacts: {},
});

export const createSelfCheck = () => {
  const report: SelfCheckReport = { passed: [], failed: [], artifacts: {} };
  const check = async (name: string, body: () => Promise<boolean>): Promise<void> => {
    try {
      if (await body()) {
        report.passed.push(name);
      } else {
        report.failed.push({ name, reason: 'check returned false' });
      }
    } catch (error) {
      report.failed.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  };
  return { report, check };
};
