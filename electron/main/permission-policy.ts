// Which web permissions the app's page gets: only those it uses, only for its own main frame.
import { hasOrigin } from './app-origin';

export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set([
  'notifications',
  'clipboard-sanitized-write',
]);

export interface PermissionQuery {
  readonly permission: string;
  /** For 'media': what is asked for ('video', 'audio'); absent on permission checks. */
  readonly mediaTypes?: readonly string[];
  /** The URL or origin asking; Electron gives a URL to request handlers and an origin to check handlers. */
  readonly requestingUrl: string | undefined;
  readonly isMainFrame: boolean;
}

/**
 * The camera, and only the camera, for scanning QR codes (invites, safety numbers): a 'media' request is granted
 * when every type it asks for is video. The microphone is never granted.
 */
const isCameraOnly = (query: PermissionQuery): boolean =>
  query.permission === 'media' &&
  query.mediaTypes !== undefined &&
  query.mediaTypes.length > 0 &&
  query.mediaTypes.every((type) => type === 'video');

export const isPermissionGranted = (query: PermissionQuery, appOrigin: string): boolean =>
  (GRANTED_PERMISSIONS.has(query.permission) || isCameraOnly(query)) &&
  query.isMainFrame &&
  query.requestingUrl !== undefined &&
  hasOrigin(query.requestingUrl, appOrigin);
