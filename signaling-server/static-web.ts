// Serves the browser build beside the signaling endpoint, so a self-hosted server is also a web client.
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { buildContentSecurityPolicy } from '../shared/security/content-security-policy';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

export const createStaticWebHandler = (webRoot: string): RequestHandler => {
  const serve = sirv(webRoot, { single: true, etag: true, gzip: false, brotli: false });
  // Same-origin `ws:`/`wss:` are covered by 'self' (CSP level 3).
  const csp = buildContentSecurityPolicy({ connectSources: [] });
  return (request, response) => {
    response.setHeader('Content-Security-Policy', csp);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    serve(request, response, () => {
      response.statusCode = 404;
      response.end('not found');
    });
  };
};
