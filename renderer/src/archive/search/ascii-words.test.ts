import { describe, expect, it } from 'vitest';
import { asciiWords, asciiWordsApply, type AsciiJoiners } from './ascii-words';
import { checkAsciiWordsMatchSegmenter } from './testing/ascii-words-property';

const code = (char: string): number => char.charCodeAt(0);
/** Chromium's word segmentation, as asciiJoinersOf found it in Chromium 156. */
const CHROMIUM_JOINERS: AsciiJoiners = {
  letters: new Set([code("'")]),
  digits: new Set([code("'"), code(','), code('.'), code(';')]),
};

describe('ASCII words', () => {
  it('joins letters and digits across the joining punctuation it is given, and nothing else', () => {
    expect(
      asciiWords("Can't e.g. 3.14 1,000 a,b 1;2 a'1 x@y.com a..b note:later", 40, CHROMIUM_JOINERS),
    ).toEqual([
      "can't",
      'e',
      'g',
      '3.14',
      '1,000',
      'a',
      'b',
      '1;2',
      'a',
      '1',
      'x',
      'y',
      'com',
      'a',
      'b',
      'note',
      'later',
    ]);
    expect(asciiWords(`${'x'.repeat(41)} ok`, 40, CHROMIUM_JOINERS)).toEqual(['ok']);
  });

  it('leaves non-ASCII text and underscores to the segmenter', () => {
    expect(asciiWordsApply('plain text, 100%')).toBe(true);
    expect(asciiWordsApply('café')).toBe(false);
    expect(asciiWordsApply('snake_case')).toBe(false);
  });

  it("finds what Intl.Segmenter finds (Node's ICU)", () => {
    checkAsciiWordsMatchSegmenter(20_000);
  });
});
