// One property, run in Node and in Chromium (each has its own ICU): the ASCII shortcut finds exactly the words
// Intl.Segmenter finds, and foldedWords gives what the segmenter gives for any text.
import fc from 'fast-check';
import { expect } from 'vitest';
import { asciiWords, asciiWordsApply } from '../ascii-words';
import { ASCII_JOINERS, foldedWords, MAX_WORD_LENGTH, segmentedWords } from '../text-folding';

/** The characters word segmentation treats differently in ASCII (some differently per ICU build), and others. */
const tricky = fc.constantFrom(...'aBz09 .\',;:_-\n\t@/!?$"'.split(''));
/** Runs around the longest indexed word. */
const longRun = fc
  .integer({ min: MAX_WORD_LENGTH - 2, max: MAX_WORD_LENGTH + 2 })
  .map((length) => 'ab1'.repeat(length).slice(0, length));
const piece = fc.oneof(
  fc.string({ unit: tricky, maxLength: 12 }),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }),
  fc.constantFrom("can't", 'e.g.', '3.14', '1,000', '1;2', 'a:b', 'x@y.com', 'foo_bar', 'naïve', '🙂'),
  longRun,
);
const text = fc.array(piece, { maxLength: 10 }).map((pieces) => pieces.join(''));

export const checkAsciiWordsMatchSegmenter = (numRuns: number): void => {
  fc.assert(
    fc.property(text, (sample) => {
      if (asciiWordsApply(sample)) {
        expect(asciiWords(sample, MAX_WORD_LENGTH, ASCII_JOINERS)).toEqual(segmentedWords(sample));
      }
      expect(foldedWords(sample)).toEqual(segmentedWords(sample));
    }),
    { numRuns },
  );
};
