// The search bench's corpus: a seeded, deterministic chat history between one owner and N contacts, made in
// chunks so a million messages never exist at once. Each conversation has a main language (and borrows English
// now and then); words follow a Zipf law over that language's vocabulary; lengths run from "ok 👍" to long
// paragraphs; some messages carry emoji or links; timestamps spread over five years. The Node driver (FTS5) and
// the Chromium page (Parley) make the same messages from the same seed, and compare checksums to prove it.
import { buildVocabulary, EMOJI, seededRandom, type Language } from './vocabulary';

export interface CorpusMessage {
  readonly id: string;
  /** Index into the corpus's contacts. */
  readonly contact: number;
  readonly direction: 'in' | 'out';
  readonly sentAt: number;
  readonly seq: number;
  readonly text: string;
}

export interface CorpusContact {
  readonly peer: string;
  readonly name: string;
  readonly language: string;
}

export interface CorpusOptions {
  readonly seed: number;
  readonly messages: number;
  readonly conversations: number;
  /** Collect what query picking needs (the Node side); the page leaves it off. */
  readonly collect?: boolean;
}

/** Words seen while generating, for picking queries that have results. */
export interface QueryCandidates {
  /** Uniform over every word written (so frequent words dominate). */
  readonly tokens: string[];
  /** Words outside each language's 200 most common, each once. */
  readonly rare: string[];
  /** Two different words from one message, uniform over messages. */
  readonly pairs: (readonly [string, string])[];
}

/** The corpus's newest moment: its messages lie in the five years before it. */
export const CORPUS_END = Date.UTC(2025, 0, 1);
const END = CORPUS_END;
const SPAN_MS = 5 * 365 * 24 * 3600 * 1000;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const NAMES = [
  'Bob',
  'Chloé',
  'Jürgen',
  'Łukasz',
  'Дмитрий',
  'Νίκος',
  '美咲',
  'Inés',
  'Zoë',
  'François',
  'Małgorzata',
  'Ольга',
  'Ελένη',
  '伟',
  'Sørina',
  'José',
  'Björn',
  'Agnieszka',
  'Алексей',
  'Γιώργος',
];
/** Main languages of 50 conversations, about as often as a European user's contacts would write them. */
const LANGUAGE_SHARE: Readonly<Record<string, number>> = {
  en: 16,
  fr: 7,
  de: 7,
  es: 6,
  pl: 5,
  ru: 5,
  el: 2,
  cjk: 2,
};
const RESERVOIR = 2_000;
const COMMON_RANKS = 200;

const hex = (value: number, digits: number): string =>
  value.toString(16).padStart(digits, '0').slice(-digits);

/** Cumulative Zipf weights (exponent s) for ranks 1..size. */
const zipf = (size: number, s: number): Float64Array => {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let rank = 0; rank < size; rank += 1) {
    total += 1 / (rank + 1) ** s;
    cumulative[rank] = total;
  }
  return cumulative.map((value) => value / total);
};

const sample = (cumulative: Float64Array, u: number): number => {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((cumulative[middle] ?? 1) < u) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
};

const lengthOf = (u: number, random: () => number): number => {
  const between = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  if (u < 0.35) {
    return between(1, 5);
  }
  if (u < 0.8) {
    return between(6, 18);
  }
  return u < 0.96 ? between(19, 45) : between(46, 150);
};

export const createCorpus = (options: CorpusOptions) => {
  const random = seededRandom(options.seed);
  // Picking candidates draws from its own stream, so collecting them never changes the corpus.
  const pick = seededRandom(options.seed ^ 0x5bd1e995);
  const languages = buildVocabulary(options.seed);
  const byCode = new Map(languages.map((language) => [language.code, language]));
  const english = byCode.get('en') as Language;
  const wordWeights = zipf(english.words.length, 1.05);
  const peerId = () => Array.from({ length: 32 }, () => BASE32[Math.floor(random() * 32)] ?? 'a').join('');
  const owner = peerId();
  const shares = Object.entries(LANGUAGE_SHARE).flatMap(([code, share]) => Array<string>(share).fill(code));
  const contacts: CorpusContact[] = Array.from({ length: options.conversations }, (_, index) => ({
    peer: peerId(),
    name: `${NAMES[index % NAMES.length] ?? 'Contact'}${index < NAMES.length ? '' : ` ${String(index)}`}`,
    language: shares[Math.floor(random() * shares.length)] ?? 'en',
  }));
  // Some conversations are far busier than others.
  const conversationWeights = zipf(options.conversations, 0.8);
  const seqs = new Map<string, number>();
  const candidates: QueryCandidates = { tokens: [], rare: [], pairs: [] };
  const rareSeen = new Set<string>();
  let tokensSeen = 0;
  let messagesSeen = 0;
  let produced = 0;

  const collect = (words: readonly { word: string; rank: number; spaced: boolean }[]) => {
    const usable = words.filter((entry) => entry.spaced && entry.word.length >= 2);
    for (const { word, rank } of usable) {
      tokensSeen += 1;
      if (candidates.tokens.length < RESERVOIR) {
        candidates.tokens.push(word);
      } else if (pick() < RESERVOIR / tokensSeen) {
        candidates.tokens[Math.floor(pick() * RESERVOIR)] = word;
      }
      if (rank >= COMMON_RANKS && !rareSeen.has(word)) {
        rareSeen.add(word);
        candidates.rare.push(word);
      }
    }
    const distinct = [...new Set(usable.map((entry) => entry.word))];
    if (distinct.length >= 2) {
      messagesSeen += 1;
      const first = Math.floor(pick() * distinct.length);
      const second = (first + 1 + Math.floor(pick() * (distinct.length - 1))) % distinct.length;
      const pair = [distinct[first] ?? '', distinct[second] ?? ''] as const;
      if (candidates.pairs.length < RESERVOIR) {
        candidates.pairs.push(pair);
      } else if (pick() < RESERVOIR / messagesSeen) {
        candidates.pairs[Math.floor(pick() * RESERVOIR)] = pair;
      }
    }
  };

  const textOf = (main: Language): string => {
    const roll = random();
    const language =
      roll < 0.9
        ? main
        : roll < 0.97
          ? english
          : (languages[Math.floor(random() * languages.length)] ?? main);
    const count = lengthOf(random(), random);
    const words: { word: string; rank: number; spaced: boolean }[] = [];
    for (let at = 0; at < count; at += 1) {
      const from = random() < 0.05 ? english : language;
      const rank = sample(wordWeights, random());
      words.push({ word: from.words[rank] ?? '', rank, spaced: !from.unspaced });
    }
    if (options.collect) {
      collect(words);
    }
    let text = '';
    for (const [at, { word, spaced }] of words.entries()) {
      const previousSpaced = words[at - 1]?.spaced ?? true;
      text += at === 0 ? word : spaced || previousSpaced ? ` ${word}` : word;
      if (at < count - 1 && random() < 0.08) {
        text += language.unspaced ? '、' : ',';
      }
    }
    if (!language.unspaced && random() < 0.6) {
      text = text.charAt(0).toLocaleUpperCase() + text.slice(1);
    }
    const ending = random();
    text += language.unspaced
      ? ending < 0.6
        ? '。'
        : ending < 0.8
          ? '？'
          : ''
      : ending < 0.4
        ? ''
        : ending < 0.7
          ? '.'
          : ending < 0.85
            ? '?'
            : ending < 0.95
              ? '!'
              : '...';
    if (random() < 0.1) {
      text += ` ${EMOJI[Math.floor(random() * EMOJI.length)] ?? ''}`;
    }
    if (random() < 0.02) {
      const slug = [0, 1, 2].map(() => english.words[sample(wordWeights, random())] ?? '').join('-');
      text += ` https://example.com/${slug}`;
    }
    return text;
  };

  /** The next `count` messages (fewer at the end), oldest first. */
  const next = (count: number): CorpusMessage[] => {
    const out: CorpusMessage[] = [];
    const upTo = Math.min(options.messages, produced + count);
    for (; produced < upTo; produced += 1) {
      const sentAt = END - SPAN_MS + Math.floor(((produced + random()) * SPAN_MS) / options.messages);
      const contact = sample(conversationWeights, random());
      const direction = random() < 0.5 ? 'out' : 'in';
      const key = `${String(contact)}${direction}`;
      const seq = (seqs.get(key) ?? 0) + 1;
      seqs.set(key, seq);
      const variant = '89ab'[Math.floor(random() * 4)] ?? '8';
      const time = hex(sentAt, 12);
      const id = `${time.slice(0, 8)}-${time.slice(8)}-7${hex(Math.floor(random() * 4096), 3)}-${variant}${hex(Math.floor(random() * 4096), 3)}-${hex(produced, 12)}`;
      const main = byCode.get(contacts[contact]?.language ?? 'en') ?? english;
      out.push({ id, contact, direction, sentAt, seq, text: textOf(main) });
    }
    return out;
  };

  return { owner, contacts, next, candidates, done: () => produced >= options.messages };
};

/** FNV-1a over IDs and texts: equal on both sides only if both made the same corpus. */
export const checksum = (previous: number, messages: readonly CorpusMessage[]): number => {
  let hash = previous >>> 0;
  for (const message of messages) {
    const text = `${message.id}${message.text}`;
    for (let at = 0; at < text.length; at += 1) {
      hash = Math.imul(hash ^ text.charCodeAt(at), 16_777_619) >>> 0;
    }
  }
  return hash;
};

export const CHECKSUM_START = 2_166_136_261;
