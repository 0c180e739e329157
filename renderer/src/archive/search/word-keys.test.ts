import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timeOf, wordKeysOf, wordOf, wordRange } from './word-keys';

describe('word index keys', () => {
  it('give back their word and time', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.nat(2 ** 53 - 1), (word, sentAt) => {
        const [key = ''] = wordKeysOf([word], sentAt);
        expect(wordOf(key)).toBe(word);
        expect(timeOf(key)).toBe(sentAt);
      }),
    );
  });

  it('sort one word by time, and lie inside its range only for times within the bounds', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-zé]{1,8}$/),
        fc.stringMatching(/^[a-zé]{1,8}$/),
        fc.nat(2 ** 45),
        fc.nat(2 ** 45),
        (word, other, a, b) => {
          const [keyA = ''] = wordKeysOf([word], a);
          const [keyB = ''] = wordKeysOf([word], b);
          expect(keyA < keyB).toBe(a < b);
          const range = wordRange(word, Math.min(a, b), Math.max(a, b));
          expect(keyA >= range.lower && keyA < range.upper).toBe(a < Math.max(a, b));
          // Another word's keys never fall in this word's range, even one it begins.
          const [otherKey = ''] = wordKeysOf([other], a);
          const whole = wordRange(word, null, null);
          expect(otherKey >= whole.lower && otherKey < whole.upper).toBe(other === word);
        },
      ),
    );
  });
});
