// The full-text index's keys: one per distinct word of a text message, `word \0 time`, where time is the
// message's sentAt in fixed-width base 36. IndexedDB keeps index entries sorted, so one word's messages lie
// together newest last: a search walks a word backwards from the newest and stops when a page is full, instead
// of reading every message that has the word. The NUL sorts below every character a folded word can hold, so a
// word's keys come before those of any longer word it begins.
const SEPARATOR = '\u0000';
/** 2^53 in base 36 is 11 digits: every sentAt fits, and fixed width makes string order time order. */
const TIME_DIGITS = 11;
const MAX_TIME = 36 ** TIME_DIGITS - 1;

const encodeTime = (sentAt: number): string =>
  Math.min(Math.max(0, Math.floor(sentAt)), MAX_TIME)
    .toString(36)
    .padStart(TIME_DIGITS, '0');

/** The index keys of a message sent at `sentAt` with these distinct words. */
export const wordKeysOf = (words: readonly string[], sentAt: number): string[] => {
  const time = encodeTime(sentAt);
  return words.map((word) => `${word}${SEPARATOR}${time}`);
};

/** The word of an index key. */
export const wordOf = (key: string): string => key.slice(0, key.length - TIME_DIGITS - 1);

/** The sentAt of an index key. */
export const timeOf = (key: string): number => parseInt(key.slice(key.length - TIME_DIGITS), 36);

/** The keys of `word` for messages sent in [after, before): bounds for an IDBKeyRange, upper open. */
export const wordRange = (
  word: string,
  after: number | null,
  before: number | null,
): { readonly lower: string; readonly upper: string } => ({
  lower: `${word}${SEPARATOR}${encodeTime(after ?? 0)}`,
  upper: before === null ? `${word}\u0001` : `${word}${SEPARATOR}${encodeTime(before)}`,
});

/** The keys of every word that begins with `prefix`: bounds for an IDBKeyRange, upper open. */
export const prefixRange = (prefix: string): { readonly lower: string; readonly upper: string } => ({
  lower: prefix,
  upper: `${prefix}\uffff`,
});
