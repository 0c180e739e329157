// Worker entry: runs the identity checks with the browser's own WebCrypto and IndexedDB and posts the report.
import { runIdentitySelfCheck } from './identity-self-check';

void runIdentitySelfCheck(self.crypto).then((report) => {
  self.postMessage(report);
});
