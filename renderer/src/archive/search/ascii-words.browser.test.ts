import { describe, it } from 'vitest';
import { checkAsciiWordsMatchSegmenter } from './testing/ascii-words-property';

describe('ASCII words in Chromium', () => {
  it("finds what Intl.Segmenter finds (Chromium's ICU segments words its own way)", () => {
    checkAsciiWordsMatchSegmenter(20_000);
  });
});
