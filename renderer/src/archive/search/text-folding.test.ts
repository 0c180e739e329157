import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldedWords, foldWord, foldWordFully, indexWords } from './text-folding';

describe('text folding', () => {
  it('folds case and diacritics, keeps words in order', () => {
    expect(foldedWords('Crème BRÛLÉE, naïve café! Straße')).toEqual([
      'creme',
      'brulee',
      'naive',
      'cafe',
      'strasse',
    ]);
  });

  it('spells letters without a decomposition as keyboards without them do, and makes apostrophes plain', () => {
    expect(foldedWords('STRASSE Straße ẞ Łódź Øresund Æble œuvre Þór Đorđe ısırgan')).toEqual([
      'strasse',
      'strasse',
      'ss',
      'lodz',
      'oresund',
      'aeble',
      'oeuvre',
      'thor',
      'dorde',
      'isirgan',
    ]);
    // A phone types U+2019 where a laptop types "'"; Ukrainian writes U+02BC.
    expect(foldedWords("can’t can't")).toEqual(["can't", "can't"]);
    expect(foldedWords('мʼясо м’ясо')).toEqual(["м'ясо", "м'ясо"]);
    // Quotes around a word are still no part of it, nor is an apostrophe at either end of one.
    expect(foldedWords('‘quoted’')).toEqual(['quoted']);
    expect(foldedWords('ʻokina ʼokina x ʼ')).toEqual(['ʻokina', 'okina', 'x']);
  });

  it('segments scripts without spaces, and non-Latin scripts', () => {
    expect(foldedWords('Привет, МИР')).toEqual(['привет', 'мир']);
    expect(foldedWords('我们今天去北京').length).toBeGreaterThan(1);
    expect(foldedWords('ｆｕｌｌｗｉｄｔｈ')).toEqual(['fullwidth']);
  });

  it('leaves punctuation, emoji and overlong tokens out, and lists each word once for the index', () => {
    expect(foldedWords('--- 🙂 !!! ...')).toEqual([]);
    expect(foldedWords('x'.repeat(41))).toEqual([]);
    expect(indexWords('the cat and the hat')).toEqual(['the', 'cat', 'and', 'hat']);
    expect(foldedWords('note:later')).toEqual(['note', 'later']);
  });

  it('folds any word as the full fold does, ASCII shortcut and remembered words included', () => {
    const letters = fc.constantFrom(..."aZé ÉßİıǅﬁＡ①Ώŉ\u0301ǄŁØÆœ’ʼ'ẞ".split(''));
    const word = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: letters, maxLength: 8 }),
      // Longer than an indexed word: folded in full, not remembered.
      fc.string({ unit: letters, minLength: 41, maxLength: 60 }),
    );
    fc.assert(
      fc.property(word, (text) => {
        // Twice: the second answer may come from what the first remembered.
        expect(foldWord(text)).toBe(foldWordFully(text));
        expect(foldWord(text)).toBe(foldWordFully(text));
      }),
      { numRuns: 2000 },
    );
  });
});
