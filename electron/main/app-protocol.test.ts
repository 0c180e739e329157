import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_SCHEME_DEFINITION, createAppRequestHandler, handleAppProtocol } from './app-protocol';

const CSP = "default-src 'none'; connect-src 'self' ws://127.0.0.1:7420";

describe('app:// protocol', () => {
  let base: string;
  let rendererDir: string;
  let handle: (request: Request) => Promise<Response>;

  beforeEach(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'parley-protocol-'));
    rendererDir = path.join(base, 'renderer');
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Parley</title>');
    await writeFile(path.join(rendererDir, 'assets', 'main.js'), 'console.log(1)');
    await writeFile(path.join(base, 'secret.txt'), 'do not serve');
    handle = createAppRequestHandler({ rendererDir, contentSecurityPolicy: () => Promise.resolve(CSP) });
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('registers a standard, secure scheme that cannot bypass CSP or host service workers', () => {
    expect(APP_SCHEME_DEFINITION).toMatchObject({
      scheme: 'app',
      privileges: { standard: true, secure: true, bypassCSP: false, allowServiceWorkers: false },
    });
  });

  it('serves index.html with the CSP, its MIME type and nosniff', async () => {
    const response = await handle(new Request('app://parley/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Parley</title>');
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets below the renderer folder', async () => {
    const response = await handle(new Request('app://parley/assets/main.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('never serves a file beside the renderer folder', async () => {
    const response = await handle(new Request('app://parley/..%2fsecret.txt'));
    expect(response.status).toBe(403);
  });

  it('answers 404 for missing files and directories', async () => {
    expect((await handle(new Request('app://parley/nope.js'))).status).toBe(404);
    expect((await handle(new Request('app://parley/assets/'))).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handle(new Request('app://parley/', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('installs the handler for the app scheme only', () => {
    const schemes: string[] = [];
    handleAppProtocol({
      protocol: { handle: (scheme) => void schemes.push(scheme) },
      rendererDir,
      contentSecurityPolicy: () => Promise.resolve(CSP),
    });
    expect(schemes).toEqual(['app']);
  });
});
