import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, hasOrigin, originOf } from './app-origin';

describe('originOf', () => {
  it('gives the custom app scheme an origin, unlike URL#origin in Node', () => {
    expect(originOf(APP_ENTRY_URL)).toBe('app://parley');
  });

  it('keeps a non-default port and drops a default one', () => {
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
    expect(originOf('https://example.org:443/a')).toBe('https://example.org');
  });

  it('returns null for unparsable and host-less URLs', () => {
    expect(originOf('not a url')).toBeNull();
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
  });
});

describe('hasOrigin', () => {
  it('accepts any path on the app origin', () => {
    expect(hasOrigin('app://parley/assets/index.js', APP_ORIGIN)).toBe(true);
  });

  it('refuses look-alike hosts, other schemes and other ports', () => {
    expect(hasOrigin('app://parley.evil.example/', APP_ORIGIN)).toBe(false);
    expect(hasOrigin('app://evil/?x=app://parley', APP_ORIGIN)).toBe(false);
    expect(hasOrigin('https://parley/', APP_ORIGIN)).toBe(false);
    expect(hasOrigin('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });

  it('is not fooled by credentials in front of the host', () => {
    expect(hasOrigin('app://parley@evil.example/', APP_ORIGIN)).toBe(false);
  });
});
