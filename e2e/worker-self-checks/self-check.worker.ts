// Worker entry: runs the requested suite with the browser's own WebCrypto and IndexedDB and posts the report.
import { runIdentitySelfCheck } from './identity-self-check';
import type { SelfCheckSuite } from './self-check';
import { runSessionSelfCheck } from './session-self-check';

self.onmessage = (event: MessageEvent<SelfCheckSuite>) => {
  const run = event.data === 'identity' ? runIdentitySelfCheck : runSessionSelfCheck;
  void run(self.crypto).then((report) => {
    self.postMessage(report);
  });
};
