// Page side of the identity self-check: runs it in a dedicated Worker (as the browser host does) and shows the
// report for the Playwright test to read.
import type { IdentitySelfCheckReport } from './identity-self-check';

const worker = new Worker(new URL('./identity-self-check.worker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (event: MessageEvent<IdentitySelfCheckReport>) => {
  const output = document.getElementById('result');
  if (output) {
    output.textContent = JSON.stringify(event.data);
    output.dataset.done = 'true';
  }
};
