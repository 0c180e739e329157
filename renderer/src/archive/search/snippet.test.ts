import { describe, expect, it } from 'vitest';
import { snippetOf } from './snippet';

describe('snippet', () => {
  it('marks the matching words of the original text, whatever their case and accents', () => {
    const snippet = snippetOf('We had Crème brûlée and CRÈME caramel', (word) => word === 'creme');
    expect(snippet.marks.map(([from, to]) => snippet.text.slice(from, to))).toEqual(['Crème', 'CRÈME']);
    expect(snippet).toMatchObject({ cutStart: false, cutEnd: false });
  });

  it('cuts a long message around the first match, at spaces', () => {
    const text = `${'lorem ipsum '.repeat(30)}needle ${'dolor sit '.repeat(30)}`;
    const snippet = snippetOf(text, (word) => word === 'needle', 80);
    expect(snippet.text).toContain('needle');
    expect(snippet.text.length).toBeLessThanOrEqual(80);
    expect(snippet).toMatchObject({ cutStart: true, cutEnd: true });
    expect(snippet.text.startsWith(' ')).toBe(false);
    const [mark] = snippet.marks;
    expect(mark && snippet.text.slice(mark[0], mark[1])).toBe('needle');
  });
});
