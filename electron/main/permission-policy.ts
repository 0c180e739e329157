// Which web permissions the app's page gets: only those it uses, only for its own main frame.
import { hasOrigin } from './app-origin';

export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set([
  'notifications',
  'clipboard-sanitized-write',
]);

export interface PermissionQuery {
  readonly permission: string;
  /** The URL or origin asking; Electron gives a URL to request handlers and an origin to check handlers. */
  readonly requestingUrl: string | undefined;
  readonly isMainFrame: boolean;
}

export const isPermissionGranted = (query: PermissionQuery, appOrigin: string): boolean =>
  GRANTED_PERMISSIONS.has(query.permission) &&
  query.isMainFrame &&
  query.requestingUrl !== undefined &&
  hasOrigin(query.requestingUrl, appOrigin);
