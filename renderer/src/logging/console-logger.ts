// The Logger port in the browser: the devtools console is where a page's logs can be read.
import type { Logger } from '../../../shared/ports/logger';

export const createConsoleLogger = (scope: string): Logger => ({
  info: (fields, message) => console.info(`[${scope}] ${message}`, fields),
  warn: (fields, message) => console.warn(`[${scope}] ${message}`, fields),
  error: (fields, message) => console.error(`[${scope}] ${message}`, fields),
});
