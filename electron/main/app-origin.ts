// The app's own origin (app://parley) and origin comparison with a real URL parser, for every trust decision.
export const APP_SCHEME = 'app';
export const APP_HOST = 'parley';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * `scheme://host[:port]` of a URL, or null when it does not parse or has no host.
 * Computed by hand because Node's `URL#origin` is "null" for custom schemes, while Chromium gives a registered
 * standard scheme a real origin; both agree on protocol and host.
 */
export const originOf = (url: string): string | null => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`;
};

/** Whether `url` belongs to `allowedOrigin` (itself written as `scheme://host[:port]`). */
export const hasOrigin = (url: string, allowedOrigin: string): boolean => {
  const origin = originOf(url);
  return origin !== null && origin === originOf(allowedOrigin);
};
