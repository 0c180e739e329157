// How text becomes searchable words, the same for what is stored and what is typed: Unicode word segmentation
// (Intl.Segmenter: spaces, punctuation, and dictionary-based breaks for scripts without spaces), compatibility
// normalization (NFKD), diacritics removed, case folded, and the letters NFKD leaves whole spelled as a keyboard
// without them would ("Straße" and "strasse", "Łódź" and "lodz"), and typographic apostrophes made plain (a
// phone's "can’t" and a laptop's "can't"). "Crème BRÛLÉE" and "creme brulee" meet. Plain ASCII text finds the
// same words by a shortcut (ascii-words.ts). Changing the fold changes what stored words should be: bump
// FOLD_VERSION, and the archive folds its stored words again (refold.ts).
import { asciiJoinersOf, asciiWords, asciiWordsApply } from './ascii-words';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
/** What joins two letters or two digits in this runtime's word segmentation. */
export const ASCII_JOINERS = asciiJoinersOf(segmenter);

/** Longer "words" are not worth indexing (hashes, base64 blobs, runaway tokens). */
export const MAX_WORD_LENGTH = 40;

/** Which fold stored words were made with; the archive refolds words of an older one (refold.ts). */
export const FOLD_VERSION = 2;

/**
 * Letters (lower case) with no decomposition, as people type them on keyboards that lack them; the same table
 * as common ASCII folding filters. Apostrophes: U+2019 is what phones and word processors type for "'", U+2018
 * its opening twin, U+02BC the letter apostrophe of Ukrainian and Belarusian. All of them join letters into one
 * word in Unicode segmentation, as "'" does.
 */
const SPELLED: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ħ: 'h',
  ŧ: 't',
  ı: 'i',
  '\u2018': "'",
  '\u2019': "'",
  '\u02bc': "'",
};
const SPELLED_PATTERN = new RegExp(`[${Object.keys(SPELLED).join('')}]`, 'gu');
const spell = (letter: string): string => SPELLED[letter] ?? letter;

/** The fold in full: compatibility decomposition, marks dropped, case folded, letters spelled out. */
export const foldWordFully = (word: string): string =>
  word.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('und').replace(SPELLED_PATTERN, spell);

/** ASCII has nothing to decompose and no marks, and its lower case is the same in every locale. */
const isAscii = (word: string): boolean => {
  for (let at = 0; at < word.length; at += 1) {
    if (word.charCodeAt(at) > 0x7f) {
      return false;
    }
  }
  return true;
};
/** Words folded in full lately: text is Zipfian, so a few thousand words cover most of what is folded. */
const folded = new Map<string, string>();
const FOLDED_CACHE_LIMIT = 20_000;

/**
 * A word as the index keeps it. Folding in full showed in profiles of imports and of search results' snippets,
 * so ASCII takes a shortcut and other words are remembered.
 */
export const foldWord = (word: string): string => {
  if (isAscii(word)) {
    return word.toLowerCase();
  }
  // Only words short enough to be indexed are kept: a 64K-character run of letters is one segment too.
  if (word.length > MAX_WORD_LENGTH) {
    return foldWordFully(word);
  }
  let fold = folded.get(word);
  if (fold === undefined) {
    fold = foldWordFully(word);
    if (folded.size >= FOLDED_CACHE_LIMIT) {
      folded.clear();
    }
    folded.set(word, fold);
  }
  return fold;
};

/**
 * The folded words one word-like segment gives. Unicode keeps "a:b" one word (Swedish abbreviations); in messages
 * a colon separates ("note:later"). An apostrophe starts or ends no word, as "'" never does in segmentation; the
 * letter apostrophe U+02BC can ("ʼokina"), and folds to "'".
 */
export const segmentParts = (segment: string): string[] =>
  foldWord(segment)
    .split(':')
    .map((part) => part.replace(/^'+|'+$/gu, ''))
    .filter((part) => part.length > 0);

/** The words of `text`, folded, in order, found by Intl.Segmenter: what foldedWords does for any text. */
export const segmentedWords = (text: string): string[] => {
  const words: string[] = [];
  for (const segment of segmenter.segment(text)) {
    if (segment.isWordLike) {
      for (const part of segmentParts(segment.segment)) {
        if (part.length <= MAX_WORD_LENGTH) {
          words.push(part);
        }
      }
    }
  }
  return words;
};

/** The words of `text`, folded, in order (repeats kept: phrases need positions). */
export const foldedWords = (text: string): string[] =>
  asciiWordsApply(text) ? asciiWords(text, MAX_WORD_LENGTH, ASCII_JOINERS) : segmentedWords(text);

/** The distinct words of `text`: what a message's index entry holds. */
export const indexWords = (text: string): string[] => [...new Set(foldedWords(text))];
