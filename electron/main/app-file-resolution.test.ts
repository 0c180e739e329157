import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appResponseHeaders, connectSourcesFor, contentTypeFor, resolveAppFile } from './app-file-resolution';

const root = path.resolve('/opt/parley/out/renderer');
const inRoot = (...parts: string[]) => ({ ok: true, filePath: path.join(root, ...parts) });

describe('resolveAppFile', () => {
  it('serves index.html for the bare origin', () => {
    expect(resolveAppFile('app://parley/', root)).toEqual(inRoot('index.html'));
    expect(resolveAppFile('app://parley', root)).toEqual(inRoot('index.html'));
  });

  it('maps paths to files under the renderer folder and ignores query and fragment', () => {
    expect(resolveAppFile('app://parley/assets/index-abc.js?v=1#x', root)).toEqual(
      inRoot('assets', 'index-abc.js'),
    );
  });

  it('serves a name that merely starts with two dots', () => {
    expect(resolveAppFile('app://parley/..hidden.txt', root)).toEqual(inRoot('..hidden.txt'));
  });

  it('decodes percent-encoded names', () => {
    expect(resolveAppFile('app://parley/assets/a%20b.png', root)).toEqual(inRoot('assets', 'a b.png'));
  });

  it('lets the URL parser fold literal dot segments back inside the folder', () => {
    expect(resolveAppFile('app://parley/../../etc/passwd', root)).toEqual(inRoot('etc', 'passwd'));
    expect(resolveAppFile('app://parley/%2e%2e/%2e%2e/etc/passwd', root)).toEqual(inRoot('etc', 'passwd'));
  });

  it.each([
    'app://parley/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://parley/%2F..%2F..%2Fsecret',
    'app://parley/..%2f',
  ])('refuses encoded separators that would climb out after decoding: %s', (url) => {
    expect(resolveAppFile(url, root)).toEqual({ ok: false, status: 403 });
  });

  it('refuses encoded backslashes and NUL bytes', () => {
    expect(resolveAppFile('app://parley/..%5c..%5cwindows', root)).toEqual({ ok: false, status: 400 });
    expect(resolveAppFile('app://parley/index.html%00.png', root)).toEqual({ ok: false, status: 400 });
  });

  it('refuses malformed percent-encoding', () => {
    expect(resolveAppFile('app://parley/%E0%A4%A', root)).toEqual({ ok: false, status: 400 });
  });

  it('refuses other hosts, other schemes and credentials', () => {
    expect(resolveAppFile('app://other/index.html', root)).toEqual({ ok: false, status: 403 });
    expect(resolveAppFile('file:///etc/passwd', root)).toEqual({ ok: false, status: 403 });
    expect(resolveAppFile('app://user:pw@parley/index.html', root)).toEqual({ ok: false, status: 403 });
    expect(resolveAppFile('not a url', root)).toEqual({ ok: false, status: 400 });
  });
});

describe('response headers', () => {
  it('names the MIME type from the extension and falls back to an opaque type', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/app.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/unknown.bin')).toBe('application/octet-stream');
  });

  it('carries the CSP and forbids MIME sniffing', () => {
    const headers = appResponseHeaders('/x/index.html', "default-src 'none'");
    expect(headers['Content-Security-Policy']).toBe("default-src 'none'");
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });
});

describe('connectSourcesFor', () => {
  it('reduces signaling URLs to their origins, once each', () => {
    expect(
      connectSourcesFor(['ws://127.0.0.1:7420/signal', 'wss://signal.example/a', 'wss://signal.example/b']),
    ).toEqual(['ws://127.0.0.1:7420', 'wss://signal.example']);
  });

  it('drops anything that is not a WebSocket URL', () => {
    expect(connectSourcesFor(['https://example.org', 'garbage', "wss://ok.example/'unsafe-inline'"])).toEqual(
      ['wss://ok.example'],
    );
  });

  it('drops hosts that would change the policy: separators, wildcards, IPv6 literals', () => {
    expect(
      connectSourcesFor([
        'wss://signal.example%3Bsandbox/signal',
        'wss://a.example%2Cb.example/',
        'wss://*/signal',
        'ws://[::1]:7420/signal',
        'wss://signal.example:443/signal',
      ]),
    ).toEqual(['wss://signal.example']);
  });
});
