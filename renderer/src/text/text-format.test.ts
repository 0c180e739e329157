import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FormatNode, formattedText, parseFormatting } from './text-format';

const plain = (text: string): FormatNode => ({ kind: 'plain', text });

describe('chat formatting', () => {
  it('reads bold, italic, strikethrough, code and blocks', () => {
    expect(parseFormatting('a *bold* _move_ ~gone~ `x*y*` end')).toEqual([
      plain('a '),
      { kind: 'bold', children: [plain('bold')] },
      plain(' '),
      { kind: 'italic', children: [plain('move')] },
      plain(' '),
      { kind: 'strike', children: [plain('gone')] },
      plain(' '),
      { kind: 'code', text: 'x*y*' },
      plain(' end'),
    ]);
    expect(parseFormatting('run:\n```\nnpm *test*\n```\ndone')).toEqual([
      plain('run:\n'),
      { kind: 'block', text: 'npm *test*' },
      plain('\ndone'),
    ]);
  });

  it('nests different markers, and formats up to the nearest closer of a kind', () => {
    expect(parseFormatting('*_both_* and (*in brackets*).')).toEqual([
      { kind: 'bold', children: [{ kind: 'italic', children: [plain('both')] }] },
      plain(' and ('),
      { kind: 'bold', children: [plain('in brackets')] },
      plain(').'),
    ]);
  });

  it('leaves markers inside words, beside spaces, doubled or across lines as typed', () => {
    for (const text of [
      'snake_case_name',
      '2*3*4 = 24',
      'a * b * c',
      '* not this *',
      '**markdown**',
      '*one\ntwo*',
      'price ~10 to ~20',
      'lone ` tick',
    ]) {
      expect(parseFormatting(text)).toEqual([plain(text)]);
    }
  });

  it('never cuts a link, and formats around one', () => {
    const link = 'https://example.test/a_b_/c*d*';
    expect(parseFormatting(`see ${link} ok`)).toEqual([plain(`see ${link} ok`)]);
    expect(parseFormatting('_https://example.test/x_y_')).toEqual([
      { kind: 'italic', children: [plain('https://example.test/x_y')] },
    ]);
    expect(parseFormatting('*see https://example.test/notes*')).toEqual([
      { kind: 'bold', children: [plain('see https://example.test/notes')] },
    ]);
  });

  it('keeps every character of any text but the markers it used, in order', () => {
    const markers = fc.constantFrom(
      '*',
      '_',
      '~',
      '`',
      '```',
      ' ',
      '\n',
      'a',
      'é',
      '1',
      '.',
      'https://x.test/_',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(markers, fc.string({ maxLength: 4 })), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const shown = formattedText(parseFormatting(text));
        // A subsequence of the text: only markers (and a block's first and last newline) are dropped.
        let at = 0;
        for (const char of shown) {
          at = text.indexOf(char, at) + char.length;
          expect(at).toBeGreaterThan(0);
        }
        // Nothing empty, and a formatted span neither starts nor ends with a space.
        const check = (nodes: readonly FormatNode[]): void => {
          for (const node of nodes) {
            if ('children' in node) {
              expect(formattedText(node.children)).toMatch(/^\S(?:[\s\S]*\S)?$/u);
              check(node.children);
            } else if (node.kind !== 'block') {
              expect(node.text).not.toBe('');
            }
          }
        };
        check(parseFormatting(text));
        if (!/[*_~`]/u.test(text)) {
          expect(parseFormatting(text)).toEqual(text === '' ? [] : [plain(text)]);
        }
      }),
    );
  });

  it('reads a long line of markers that close nothing, whole', () => {
    const text = '*a _b ~c '.repeat(7_000);
    expect(formattedText(parseFormatting(text))).toBe(text);
  });
});
