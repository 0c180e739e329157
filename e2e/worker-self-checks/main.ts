// Page side of the Worker self-checks: runs the suite named in `?suite=` in a dedicated Worker (as the browser
// host runs privileged code) and shows the report for the Playwright test to read.
import { SELF_CHECK_SUITES, stoppedReport, type SelfCheckReport, type SelfCheckSuite } from './self-check';

const requested = new URLSearchParams(location.search).get('suite');
const suite = SELF_CHECK_SUITES.find((name) => name === requested) ?? 'session';
const worker = new Worker(new URL('./self-check.worker.ts', import.meta.url), { type: 'module' });
const show = (report: SelfCheckReport) => {
  const output = document.getElementById('result');
  if (output) {
    output.textContent = JSON.stringify(report);
    output.dataset.done = 'true';
  }
};
worker.onmessage = (event: MessageEvent<SelfCheckReport>) => {
  show(event.data);
};
// A Worker that fails to load, or throws where the suite's own catch cannot see, posts nothing: shown at once too.
worker.onerror = (event: ErrorEvent) => {
  show(stoppedReport(suite, event.message || 'the Worker failed to load'));
};
worker.postMessage(suite satisfies SelfCheckSuite);
