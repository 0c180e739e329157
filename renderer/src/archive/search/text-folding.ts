// How text becomes searchable words, the same for what is stored and what is typed: Unicode word segmentation
// (Intl.Segmenter: spaces, punctuation, and dictionary-based breaks for scripts without spaces), compatibility
// normalization (NFKD), diacritics removed, and case folded. "Crème BRÛLÉE" and "creme brulee" meet.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Longer "words" are not worth indexing (hashes, base64 blobs, runaway tokens). */
export const MAX_WORD_LENGTH = 40;

/** A word as the index keeps it. */
export const foldWord = (word: string): string =>
  word.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('und');

/** The words of `text`, folded, in order (repeats kept: phrases need positions). */
export const foldedWords = (text: string): string[] => {
  const words: string[] = [];
  for (const segment of segmenter.segment(text)) {
    if (segment.isWordLike) {
      // Unicode keeps "a:b" one word (Swedish abbreviations); in messages a colon separates ("note:later").
      for (const part of foldWord(segment.segment).split(':')) {
        if (part.length > 0 && part.length <= MAX_WORD_LENGTH) {
          words.push(part);
        }
      }
    }
  }
  return words;
};

/** The distinct words of `text`: what a message's index entry holds. */
export const indexWords = (text: string): string[] => [...new Set(foldedWords(text))];
