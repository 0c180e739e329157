// Worker entry: runs the session-layer checks with the browser's own WebCrypto and posts the report.
import { runSessionSelfCheck } from './session-self-check';

void runSessionSelfCheck(self.crypto).then((report) => {
  self.postMessage(report);
});
