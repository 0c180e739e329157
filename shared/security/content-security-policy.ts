// The app's Content-Security-Policy, served by Electron's app:// protocol and by the signaling server's web build.
// No 'unsafe-eval', no remote scripts; connect-src lists only what the app talks to.
export interface CspOptions {
  /** Extra origins the page may connect to (the configured signaling servers), e.g. `wss://signal.example`. */
  readonly connectSources: readonly string[];
}

export const buildContentSecurityPolicy = (options: CspOptions): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${["'self'", ...options.connectSources].join(' ')}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
