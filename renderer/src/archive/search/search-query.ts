// What the user types into search, parsed: words (all required; the last one also matches as a prefix while
// typing), "quoted phrases" (words in that order), and filters: from:<name or peer ID>, in:<contact>,
// before:<YYYY-MM-DD>, after:<YYYY-MM-DD>, has:link. Anything unrecognised is searched as words.
import { foldedWords } from './text-folding';

export interface SearchQuery {
  /** Folded words every result contains. */
  readonly words: readonly string[];
  /** Matches words starting with it (the word being typed), or null. */
  readonly prefix: string | null;
  /** Each a sequence of folded words that must appear in that order. */
  readonly phrases: readonly (readonly string[])[];
  /** Folded name or peer ID the sender must match. */
  readonly from: string | null;
  /** Folded name or peer ID of the conversation's contact. */
  readonly in: string | null;
  /** Sent before this time (ms), exclusive. */
  readonly before: number | null;
  /** Sent on or after this time (ms). */
  readonly after: number | null;
  readonly hasLink: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a YYYY-MM-DD date, or null. */
const dayStart = (text: string): number | null => {
  const match = DATE.exec(text);
  if (!match) {
    return null;
  }
  const at = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
  return Number.isNaN(at) ? null : at;
};

/**
 * Splits into tokens, keeping "quoted phrases" whole (an unclosed quote runs to the end). Typographic quotes count
 * as well: phone keyboards type “these” (and German „these“) where a laptop types "these".
 */
const tokens = (input: string): { text: string; quoted: boolean }[] => {
  const out: { text: string; quoted: boolean }[] = [];
  const pattern = /["“”„]([^"“”„]*)["“”„]?|(\S+)/g;
  for (const match of input.matchAll(pattern)) {
    if (match[1] !== undefined) {
      out.push({ text: match[1], quoted: true });
    } else if (match[2] !== undefined) {
      out.push({ text: match[2], quoted: false });
    }
  }
  return out;
};

export const parseSearchQuery = (input: string): SearchQuery => {
  const words: string[] = [];
  const phrases: string[][] = [];
  let from: string | null = null;
  let within: string | null = null;
  let before: number | null = null;
  let after: number | null = null;
  let hasLink = false;
  for (const token of tokens(input)) {
    if (token.quoted) {
      const phrase = foldedWords(token.text);
      if (phrase.length > 1) {
        phrases.push(phrase);
      } else {
        words.push(...phrase);
      }
      continue;
    }
    const filter = /^(from|in|before|after|has):(.+)$/i.exec(token.text);
    const key = filter?.[1]?.toLowerCase();
    const value = filter?.[2] ?? '';
    if (key === 'from') {
      from = foldedWords(value).join(' ') || null;
    } else if (key === 'in') {
      within = foldedWords(value).join(' ') || null;
    } else if (key === 'before' && dayStart(value) !== null) {
      before = dayStart(value);
    } else if (key === 'after' && dayStart(value) !== null) {
      after = dayStart(value);
    } else if (key === 'has' && value.toLowerCase() === 'link') {
      hasLink = true;
    } else {
      words.push(...foldedWords(token.text));
    }
  }
  // The word being typed (no space after it yet) also matches longer words.
  const typing = !/\s$/.test(input) && !/["“”„]$/.test(input.trimEnd());
  const prefix =
    typing && words.length > 0 && !/:/.test(input.trim().split(/\s+/).at(-1) ?? '')
      ? (words.pop() ?? null)
      : null;
  return { words: [...new Set(words)], prefix, phrases, from, in: within, before, after, hasLink };
};

/** Whether the query asks for anything (an empty one shows no results rather than everything). */
export const isEmptyQuery = (query: SearchQuery): boolean =>
  query.words.length === 0 &&
  query.prefix === null &&
  query.phrases.length === 0 &&
  query.from === null &&
  query.in === null &&
  query.before === null &&
  query.after === null &&
  !query.hasLink;
