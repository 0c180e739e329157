import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../shared/identity/peer-id';
import { avatarHue, initials, listTime } from './contact-name';

describe('contact names', () => {
  it('takes the initials of the first and last words, whole graphemes', () => {
    expect(initials('Ana Lima')).toBe('AL');
    expect(initials('  élodie  de la Cruz ')).toBe('ÉC');
    expect(initials('Bob')).toBe('B');
    expect(initials('👩🏽‍💻 Dev')).toBe('👩🏽‍💻D');
    expect(initials('   ')).toBe('?');
  });

  it('gives each peer one hue', () => {
    const peer = 'a'.repeat(32) as PeerId;
    expect(avatarHue(peer)).toBe(avatarHue(peer));
    expect(avatarHue(peer)).toBeGreaterThanOrEqual(0);
    expect(avatarHue(peer)).toBeLessThan(360);
  });

  it('gives a list time for a time past what a Date holds (stored by an older version) instead of throwing', () => {
    expect(() => listTime(2 ** 53 - 1, Date.now())).not.toThrow();
  });
});
