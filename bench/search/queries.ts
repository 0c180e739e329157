// The bench's queries, picked from the corpus's own words so most have results: one-word (half frequent, half
// rare), two-word (two words of one message) and prefix (the first 3 or 4 letters of a word being typed). Each is
// written twice: as a user types it into Parley's search box, and as the FTS5 MATCH expression for the same thing.
// CJK words are left out: SQLite's unicode61 tokenizer keeps a run of CJK as one token, so they would not compare.
import type { QueryCandidates } from './corpus';
import { seededRandom } from './vocabulary';

export type QueryKind = 'oneWord' | 'twoWord' | 'prefix';

export const QUERY_KINDS: readonly QueryKind[] = ['oneWord', 'twoWord', 'prefix'];

export interface BenchQuery {
  readonly kind: QueryKind;
  /** What the user types (a trailing space ends a word; without one the last word is a prefix). */
  readonly parley: string;
  readonly fts5: string;
}

const quoted = (word: string): string => `"${word.replaceAll('"', '""')}"`;

const pickFrom = <T>(list: readonly T[], random: () => number): T | undefined =>
  list[Math.floor(random() * list.length)];

export const pickQueries = (candidates: QueryCandidates, seed: number, perKind: number): BenchQuery[] => {
  const random = seededRandom(seed);
  const queries: BenchQuery[] = [];
  const distinct = (kind: QueryKind, make: () => BenchQuery | null) => {
    const seen = new Set<string>();
    for (let attempt = 0; seen.size < perKind && attempt < perKind * 50; attempt += 1) {
      const query = make();
      if (query && !seen.has(query.parley)) {
        seen.add(query.parley);
        queries.push(query);
      }
    }
    if (seen.size < perKind) {
      throw new Error(`only ${String(seen.size)} ${kind} queries in this corpus`);
    }
  };
  distinct('oneWord', () => {
    const word = pickFrom(random() < 0.5 ? candidates.tokens : candidates.rare, random);
    return word ? { kind: 'oneWord', parley: `${word} `, fts5: quoted(word) } : null;
  });
  distinct('twoWord', () => {
    const pair = pickFrom(candidates.pairs, random);
    return pair
      ? { kind: 'twoWord', parley: `${pair[0]} ${pair[1]} `, fts5: pair.map(quoted).join(' ') }
      : null;
  });
  distinct('prefix', () => {
    const word = pickFrom(random() < 0.5 ? candidates.tokens : candidates.rare, random);
    // Query words are never CJK or emoji, so UTF-16 units are letters.
    if (!word || word.length < 5) {
      return null;
    }
    const prefix = word.slice(0, random() < 0.5 ? 3 : 4);
    return { kind: 'prefix', parley: prefix, fts5: `${quoted(prefix)}*` };
  });
  return queries;
};
