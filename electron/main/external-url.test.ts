import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from './external-url';

describe('isSafeExternalUrl', () => {
  it('allows ordinary http and https pages', () => {
    expect(isSafeExternalUrl('https://example.org/docs?q=1#top')).toBe(true);
    expect(isSafeExternalUrl('http://example.org')).toBe(true);
    expect(isSafeExternalUrl('HTTPS://EXAMPLE.ORG/')).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'smb://attacker.example/share',
    'ms-msdt:/id PCWDiagnostic',
    'vscode://file/etc/passwd',
    'parley://invite/abc',
    'app://parley/index.html',
    'mailto:someone@example.org',
  ])('refuses the non-web scheme in %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it('refuses URLs carrying credentials', () => {
    expect(isSafeExternalUrl('https://user:secret@example.org/')).toBe(false);
    expect(isSafeExternalUrl('https://user@example.org/')).toBe(false);
  });

  it('refuses what does not parse and absurdly long URLs', () => {
    expect(isSafeExternalUrl('not a url')).toBe(false);
    expect(isSafeExternalUrl('')).toBe(false);
    expect(isSafeExternalUrl(`https://example.org/${'a'.repeat(3000)}`)).toBe(false);
  });
});
