import { describe, expect, it } from 'vitest';
import { isEmptyQuery, parseSearchQuery } from './search-query';

describe('search query', () => {
  it('treats the word being typed as a prefix, and complete words as required words', () => {
    expect(parseSearchQuery('Crème brûl')).toMatchObject({ words: ['creme'], prefix: 'brul' });
    expect(parseSearchQuery('creme brulee ')).toMatchObject({ words: ['creme', 'brulee'], prefix: null });
  });

  it('keeps quoted phrases in order', () => {
    expect(parseSearchQuery('"see you Tomorrow" soon')).toMatchObject({
      phrases: [['see', 'you', 'tomorrow']],
      prefix: 'soon',
    });
    expect(parseSearchQuery('"unclosed phrase here')).toMatchObject({
      phrases: [['unclosed', 'phrase', 'here']],
    });
  });

  it('takes typographic quotes for phrases too, and their apostrophes as plain ones', () => {
    expect(parseSearchQuery('“can’t make it” „bis morgen“')).toMatchObject({
      phrases: [
        ["can't", 'make', 'it'],
        ['bis', 'morgen'],
      ],
      words: [],
      prefix: null,
    });
  });

  it('reads filters, and searches anything it does not recognise as words', () => {
    const query = parseSearchQuery('from:Ana in:Bob before:2026-01-02 after:2025-12-01 has:link budget ');
    expect(query).toMatchObject({ from: 'ana', in: 'bob', hasLink: true, words: ['budget'], prefix: null });
    expect(query.before).toBe(new Date(2026, 0, 2).getTime());
    expect(query.after).toBe(new Date(2025, 11, 1).getTime());
    expect(parseSearchQuery('before:yesterday ')).toMatchObject({
      before: null,
      words: ['before', 'yesterday'],
    });
    expect(parseSearchQuery('from:me')).toMatchObject({ from: 'me', prefix: null });
  });

  it('knows an empty query', () => {
    expect(isEmptyQuery(parseSearchQuery('   '))).toBe(true);
    expect(isEmptyQuery(parseSearchQuery('!!!'))).toBe(true);
    expect(isEmptyQuery(parseSearchQuery('has:link'))).toBe(false);
  });
});
