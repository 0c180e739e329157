import { describe, expect, it } from 'vitest';
import { foldedWords, indexWords } from './text-folding';

describe('text folding', () => {
  it('folds case and diacritics, keeps words in order', () => {
    expect(foldedWords('Crème BRÛLÉE, naïve café! Straße')).toEqual([
      'creme',
      'brulee',
      'naive',
      'cafe',
      'straße',
    ]);
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
});
