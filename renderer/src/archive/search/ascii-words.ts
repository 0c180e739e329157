// The words of plain ASCII text without Intl.Segmenter: the segmenter made an object for every segment (spaces
// and punctuation too), and folding was the largest allocator on both pages while messages flowed (profiles of
// bench:messaging), which the garbage collector then paid for in pauses in the send-to-delivered tail.
//
// For ASCII, Unicode word segmentation (UAX #29) comes down to this: letters and digits run together, and a few
// punctuation characters join two letters or two digits they stand between ("can't", "3.14", "1,000"). Which
// ones differs by ICU build: Node's joins "a.b" and "a:b", Chromium's splits both. So the joining characters are
// asked of the segmenter itself, once. A colon always separates here, since foldedWords splits at colons anyway.
// `_` is left to the segmenter: ICU counts "_" as no word and "___" as one, which is not worth copying. A
// property test holds all this to the segmenter, in Node and in Chromium.

/** The punctuation that joins two letters, and that which joins two digits, as this ICU segments words. */
export interface AsciiJoiners {
  readonly letters: ReadonlySet<number>;
  readonly digits: ReadonlySet<number>;
}

const COLON = 0x3a;
const UNDERSCORE = 0x5f;

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
/** ASCII letters, either case. */
const isLetter = (code: number): boolean => (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
const isWordChar = (code: number): boolean => isLetter(code) || isDigit(code);

/** Asks `segmenter` which printable ASCII punctuation keeps "a?b" and "1?2" one word. */
export const asciiJoinersOf = (segmenter: Intl.Segmenter): AsciiJoiners => {
  const oneWord = (text: string): boolean => [...segmenter.segment(text)].length === 1;
  const letters = new Set<number>();
  const digits = new Set<number>();
  for (let code = 0x21; code < 0x7f; code += 1) {
    if (isWordChar(code) || code === COLON || code === UNDERSCORE) {
      continue;
    }
    const mid = String.fromCharCode(code);
    if (oneWord(`a${mid}b`)) {
      letters.add(code);
    }
    if (oneWord(`1${mid}2`)) {
      digits.add(code);
    }
  }
  return { letters, digits };
};

/** Whether `text` can take the shortcut: ASCII only, no underscore. */
export const asciiWordsApply = (text: string): boolean => {
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code > 0x7f || code === UNDERSCORE) {
      return false;
    }
  }
  return true;
};

/** Whether the character at `at` joins the word characters on either side of it. */
const joins = (text: string, at: number, joiners: AsciiJoiners): boolean => {
  const mid = text.charCodeAt(at);
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at + 1);
  return (
    (joiners.letters.has(mid) && isLetter(before) && isLetter(after)) ||
    (joiners.digits.has(mid) && isDigit(before) && isDigit(after))
  );
};

/**
 * The words of `text` in lower case, in order, at most `maxLength` characters each; only for text that
 * `asciiWordsApply` accepts.
 */
export const asciiWords = (text: string, maxLength: number, joiners: AsciiJoiners): string[] => {
  const lower = text.toLowerCase();
  const words: string[] = [];
  let at = 0;
  while (at < lower.length) {
    if (!isWordChar(lower.charCodeAt(at))) {
      at += 1;
      continue;
    }
    const start = at;
    at += 1;
    while (at < lower.length && (isWordChar(lower.charCodeAt(at)) || joins(lower, at, joiners))) {
      at += 1;
    }
    if (at - start <= maxLength) {
      words.push(lower.slice(start, at));
    }
  }
  return words;
};
