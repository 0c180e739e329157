// Page side of the browser self-check: runs the session layer in a dedicated Worker (as the browser host does)
// and shows the outcome for the Playwright test to read.
import type { SelfCheckReport } from './session-self-check';

const worker = new Worker(new URL('./session-self-check.worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (event: MessageEvent<SelfCheckReport>) => {
  const output = document.getElementById('result');
  if (output) {
    output.textContent = JSON.stringify(event.data);
    output.dataset.done = 'true';
  }
};
