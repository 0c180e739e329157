// Page side of the Worker self-checks: runs the suite named in `?suite=` in a dedicated Worker (as the browser
// host runs privileged code) and shows the report for the Playwright test to read.
import { SELF_CHECK_SUITES, type SelfCheckReport, type SelfCheckSuite } from './self-check';

const requested = new URLSearchParams(location.search).get('suite');
const suite = SELF_CHECK_SUITES.find((name) => name === requested) ?? 'session';
const worker = new Worker(new URL('./self-check.worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (event: MessageEvent<SelfCheckReport>) => {
  const output = document.getElementById('result');
  if (output) {
    output.textContent = JSON.stringify(event.data);
    output.dataset.done = 'true';
  }
};
worker.postMessage(suite satisfies SelfCheckSuite);
