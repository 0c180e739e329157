// The app:// protocol: registers the privileged scheme before 'ready' and serves the built renderer from disk
// with the app's Content-Security-Policy on every response.
import { readFile } from 'node:fs/promises';
import type { CustomScheme, Protocol } from 'electron';
import { appResponseHeaders, resolveAppFile } from './app-file-resolution';
import { APP_SCHEME } from './app-origin';

// standard + secure give app://parley a real origin and a secure context (WebCrypto, no mixed content);
// no service workers, no CORS for other origins, no CSP bypass.
export const APP_SCHEME_DEFINITION: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    codeCache: true,
    allowServiceWorkers: false,
    corsEnabled: false,
    bypassCSP: false,
    stream: false,
  },
};

/** Must run before the app's 'ready' event. */
export const registerAppScheme = (protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void => {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_DEFINITION]);
};

export interface AppProtocolDeps {
  readonly protocol: Pick<Protocol, 'handle'>;
  /** Absolute path of the built renderer (out/renderer). */
  readonly rendererDir: string;
  /** Read per request so a changed signaling server is allowed after the next reload. */
  readonly contentSecurityPolicy: () => Promise<string>;
}

const statusResponse = (status: number): Response => new Response(null, { status });

export const createAppRequestHandler =
  (deps: Omit<AppProtocolDeps, 'protocol'>) =>
  async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return statusResponse(405);
    }
    const resolved = resolveAppFile(request.url, deps.rendererDir);
    if (!resolved.ok) {
      return statusResponse(resolved.status);
    }
    let body: Buffer;
    try {
      body = await readFile(resolved.filePath);
    } catch {
      // Missing files, directories and unreadable files all look the same from outside.
      return statusResponse(404);
    }
    const headers = appResponseHeaders(resolved.filePath, await deps.contentSecurityPolicy());
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };

/** Must run after 'ready'. */
export const handleAppProtocol = (deps: AppProtocolDeps): void => {
  deps.protocol.handle(APP_SCHEME, createAppRequestHandler(deps));
};
