import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { linkify } from './linkify';

const ID = 'a'.repeat(32);

describe('linkify', () => {
  it('finds web links and invites, leaving sentence punctuation outside', () => {
    expect(linkify(`see https://example.test/a?b=1, or parley://add/${ID}.`)).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'web', text: 'https://example.test/a?b=1', href: 'https://example.test/a?b=1' },
      { kind: 'text', text: ', or ' },
      { kind: 'invite', text: `parley://add/${ID}` },
      { kind: 'text', text: '.' },
    ]);
  });

  it('never links other schemes, and a broken invite stays text', () => {
    expect(linkify('javascript:alert(1) file:///etc/passwd')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) file:///etc/passwd' },
    ]);
    expect(linkify('parley://add/short')).toEqual([{ kind: 'text', text: 'parley://add/short' }]);
  });

  it('keeps every character of any text, in order', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(
          linkify(text)
            .map((run) => run.text)
            .join(''),
        ).toBe(text);
      }),
    );
  });
});
