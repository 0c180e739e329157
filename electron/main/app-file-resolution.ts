// Maps app://parley/ request URLs to files inside the built renderer folder, refusing anything outside it, and
// names the headers each response carries (CSP, MIME type, no sniffing).
import path from 'node:path';
import { CSP_HOST_PATTERN } from '../../shared/settings/settings-schema';
import { APP_HOST, APP_SCHEME } from './app-origin';

export type AppFileResolution =
  { readonly ok: true; readonly filePath: string } | { readonly ok: false; readonly status: 400 | 403 };

const INDEX_FILE = 'index.html';

const decodePathname = (pathname: string): string | null => {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
};

/** `rootDir` must be absolute. Never touches the disk: existence is the caller's business. */
export const resolveAppFile = (requestUrl: string, rootDir: string): AppFileResolution => {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (
    url.protocol !== `${APP_SCHEME}:` ||
    url.host !== APP_HOST ||
    url.username !== '' ||
    url.password !== ''
  ) {
    return { ok: false, status: 403 };
  }
  const decoded = decodePathname(url.pathname);
  // Backslashes and NUL never appear in our asset names; on Windows a backslash is a separator.
  if (decoded === null || decoded.includes('\0') || decoded.includes('\\')) {
    return { ok: false, status: 400 };
  }
  const relative = decoded === '/' || decoded === '' ? INDEX_FILE : decoded.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, relative);
  // Checked after decoding and resolving, so `%2e%2e%2f` and `..%2f` cannot climb out.
  const fromRoot = path.relative(root, filePath);
  if (
    fromRoot === '' ||
    fromRoot === '..' ||
    fromRoot.startsWith(`..${path.sep}`) ||
    path.isAbsolute(fromRoot)
  ) {
    return { ok: false, status: 403 };
  }
  return { ok: true, filePath };
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export const contentTypeFor = (filePath: string): string =>
  CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';

export const appResponseHeaders = (
  filePath: string,
  contentSecurityPolicy: string,
): Record<string, string> => ({
  'Content-Type': contentTypeFor(filePath),
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
});

/**
 * CSP connect-src entries for the signaling URLs in use: their origins, deduplicated. Unparsable ones are dropped,
 * and so are hosts a CSP source cannot name (the URL parser lets `;`, `,` and `*` through, which would end the
 * directive, split the policy or allow every host).
 */
export const connectSourcesFor = (urls: readonly string[]): string[] => {
  const origins = urls.flatMap((url) => {
    try {
      const parsed = new URL(url);
      return (parsed.protocol === 'ws:' || parsed.protocol === 'wss:') && CSP_HOST_PATTERN.test(parsed.host)
        ? [`${parsed.protocol}//${parsed.host}`]
        : [];
    } catch {
      return [];
    }
  });
  return [...new Set(origins)];
};
