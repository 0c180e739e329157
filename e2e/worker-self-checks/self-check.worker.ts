// Worker entry: runs the requested suite with the browser's own WebCrypto and IndexedDB and posts the report.
import { runIdentitySelfCheck } from './identity-self-check';
import { stoppedReport, type SelfCheckSuite } from './self-check';
import { runSessionSelfCheck } from './session-self-check';

self.onmessage = (event: MessageEvent<SelfCheckSuite>) => {
  const run = event.data === 'identity' ? runIdentitySelfCheck : runSessionSelfCheck;
  // A suite that throws outside check() has no report to post: the error is posted instead, so the test fails at
  // once with its reason rather than waiting out its timeout.
  void run(self.crypto).then(
    (report) => {
      self.postMessage(report);
    },
    (error: unknown) => {
      self.postMessage(stoppedReport(event.data, error));
    },
  );
};
